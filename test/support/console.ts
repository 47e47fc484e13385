/**
 * Captures console output for the tests of a describe block: `out` gets console.log lines,
 * `err` console.error lines, and `all` both, in order. Arrays are emptied before each test.
 */
export function captureConsole(): { readonly out: string[]; readonly err: string[]; readonly all: string[] } {
  const lines = { out: [] as string[], err: [] as string[], all: [] as string[] };
  beforeEach(() => {
    for (const list of Object.values(lines)) list.length = 0;
    jest.spyOn(console, 'log').mockImplementation((l) => void (lines.out.push(String(l)), lines.all.push(String(l))));
    jest.spyOn(console, 'error').mockImplementation((l) => void (lines.err.push(String(l)), lines.all.push(String(l))));
  });
  afterEach(() => jest.restoreAllMocks());
  return lines;
}
