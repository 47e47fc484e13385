import { formatCpu, parseCpu, parseSize, toMebibytes } from '../../constructs/common/quantity';

describe('quantities', () => {
  test.each([
    ['512Mi', 512 * 1024 ** 2],
    ['20Gi', 20 * 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1Ti', 1024 ** 4],
    ['500M', 500e6],
    ['2G', 2e9],
  ])('parseSize(%s)', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  test.each(['', '10', '-5Gi', '0Gi', '10GB', '10 Gi', 'Gi', '1e3Mi', 10])('parseSize rejects %p', (text) => expect(parseSize(text)).toBeUndefined());

  test.each([
    ['250m', 250],
    ['2', 2000],
    ['0.5', 500],
    [1.5, 1500],
  ])('parseCpu(%p)', (text, milli) => expect(parseCpu(text)).toBe(milli));

  test.each(['-1', '0', '0m', '1.5 cores', 'm', -2, 0, Number.NaN])('parseCpu rejects %p', (text) => expect(parseCpu(text)).toBeUndefined());

  test('formatCpu keeps whole cores whole and the rest in millicores', () => {
    expect(formatCpu(2000)).toBe('2');
    expect(formatCpu(1500)).toBe('1500m');
    expect(formatCpu(250)).toBe('250m');
  });

  test('toMebibytes rounds down', () => expect(toMebibytes(1024 ** 2 * 1.9)).toBe(1));
});
