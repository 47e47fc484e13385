import { cronProblem } from '../../constructs/logstash/cron';
import { parseDuration } from '../../constructs/logstash/duration';

describe('cron schedules of the elasticsearch input', () => {
  test.each(['* * * * *', '*/5 * * * *', '0 2 * * 1-5', '15,45 8-18/2 1 1,6,12 0', '0 0 31 12 7'])('accepts %j', (expr) => {
    expect(cronProblem(expr)).toBeUndefined();
  });

  test.each([
    ['0 0 0 * *', 'the day of month field has "0" outside 1-31'],
    ['0 24 * * *', 'the hour field has "24" outside 0-23'],
    ['0 0 * 13 *', 'the month field has "13" outside 1-12'],
    ['0 0 * * 8', 'the day of week field has "8" outside 0-7'],
    ['0 0 * * MON', 'the day of week field has "MON"'],
    ['* * * *', 'it has 4 fields'],
    ['', 'it has 1 fields'],
  ])('rejects %j: %s', (expr, problem) => {
    expect(cronProblem(expr)).toBe(problem);
  });
});

describe('durations', () => {
  test.each([
    ['30s', 30],
    ['5m', 300],
    ['2h', 7200],
    ['7d', 604800],
  ])('%s is %d seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  test.each(['0m', '5', '1.5h', '2w', '-1d'])('%j is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
});
