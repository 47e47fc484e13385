import { cronNeverFires } from '../../constructs/logstash/cron';
import { clusterIdentity, instantExists } from '../../constructs/logstash/value-checks';

describe('schedules that never fire', () => {
  // With day-of-week '*' only the day of month restricts the date, in Vixie cron and in fugit
  // (rufus-scheduler's parser, which the Logstash elasticsearch input uses) alike.
  test.each(['0 3 30 2 *', '0 0 31 4,6,9,11 *', '0 0 30-31 2 *'])('%j never fires', (expr) => {
    expect(cronNeverFires(expr)).toMatch(/^no selected month has day/);
  });
  test.each(['0 0 29 2 *', '0 0 31 */2 *', '0 0 30 2 1', '*/5 * * * *', '0 0 31 1-12 *'])('%j fires', (expr) => {
    expect(cronNeverFires(expr)).toBeUndefined();
  });
});

describe('calendar dates Elasticsearch accepts', () => {
  // java.time with ResolverStyle.STRICT (Elasticsearch's strict_date_optional_time) refuses
  // days a month does not have; Gregorian leap years: every 4th, not centuries unless by 400.
  test.each([
    ['2026-02-28T00:00:00Z', true],
    ['2026-02-29T00:00:00Z', false],
    ['2028-02-29T00:00:00Z', true],
    ['2100-02-29T00:00:00Z', false],
    ['2000-02-29T23:59:59+01:00', true],
    ['2026-04-31T00:00:00Z', false],
    ['2026-12-31T24:00:00Z', false],
  ])('%s exists: %s', (instant, exists) => {
    expect(instantExists(instant)).toBe(exists);
  });
});

describe('cluster identity of a host list', () => {
  // RFC 3986 3.1 and 3.2.2: scheme and host are case-insensitive; 443 is https' default port.
  test('letter case, default ports and trailing slashes name the same cluster', () => {
    expect(clusterIdentity(['https://ES.example.com/', 'https://es2.example.com:9200'])).toBe(
      clusterIdentity(['https://es2.EXAMPLE.com:9200', 'https://es.example.com:443']),
    );
  });
  test('another port is another cluster', () => {
    expect(clusterIdentity(['https://es.example.com:9200'])).not.toBe(clusterIdentity(['https://es.example.com:9201']));
  });
});
