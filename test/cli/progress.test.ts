import { progress } from '../../cli/progress';

describe('progress', () => {
  afterEach(() => jest.restoreAllMocks());

  test('quiet while a run is quick, a line per step once it has taken more than a second', () => {
    let now = 10_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const lines: string[] = [];
    const p = progress(3, (l) => lines.push(l));
    p.step('rendering dev');
    now += 400;
    p.step('rendering staging');
    expect(lines).toEqual([]);
    now += 1100;
    p.step('rendering prod');
    expect(lines).toEqual(['[3/3] rendering prod (1.5 s)']);
  });
});
