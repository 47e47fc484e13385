import * as fs from 'node:fs';
import * as path from 'node:path';

// docs/runtime-assumptions.md names, for each requirement, the test that checks it: the file must
// exist and hold a test of that name, so a renamed or removed test shows up here.
test('every test docs/runtime-assumptions.md cites exists under that name', () => {
  const doc = fs.readFileSync('docs/runtime-assumptions.md', 'utf8').replace(/\s+/g, ' ');
  const citations = [...doc.matchAll(/\[(test\/[^\]]+)\]\(\.\.\/(test\/[^)]+)\)(?:: ((?:"[^"]+"(?:; )?)+))?/g)];
  expect(citations.length).toBeGreaterThan(10);
  for (const [, text, file, names] of citations) {
    expect(text).toBe(file);
    expect(fs.existsSync(path.join(file))).toBe(true);
    const source = fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ');
    for (const [, name] of (names ?? '').matchAll(/"([^"]+)"/g)) expect([file, source.includes(name)]).toEqual([file, true]);
  }
});

// Every relative link resolves, whatever its text (some sections cite a test file in code style).
test('every file docs/runtime-assumptions.md links to exists', () => {
  const doc = 'docs/runtime-assumptions.md';
  const links = [...fs.readFileSync(doc, 'utf8').matchAll(/\]\((\.\.\/[^)#]+)\)/g)].map((m) => m[1]);
  expect(links.length).toBeGreaterThan(0);
  expect(links.filter((l) => !fs.existsSync(path.join(path.dirname(doc), l)))).toEqual([]);
});
