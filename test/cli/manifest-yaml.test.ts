import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { parseManifest, parseManifestDocuments } from '../../cli/manifest-yaml';

const ROOT = path.join(__dirname, '..', '..');
const manifestFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? manifestFiles(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));

/** The reference reader: the `yaml` package, YAML 1.2 core schema; empty documents hold no object. */
const reference = (text: string) => parseAllDocuments(text).flatMap((d) => (d.contents === null || d.toJS() === null ? [] : [d.toJS()]));

describe('reading manifests back', () => {
  test('gives the values the yaml package gives, for every committed manifest', () => {
    const files = manifestFiles(path.join(ROOT, 'manifests'));
    expect(files.length).toBeGreaterThan(300);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect({ file: f, value: parseManifestDocuments(text) }).toEqual({ file: f, value: reference(text) });
    }
  });

  test('core schema scalars, several documents, empty documents skipped', () => {
    const text = '---\n---\na: yes\nb: 0o14\nc: 1e3\nd: ~\ne: 2024-01-01\nf: "0x1F"\ng: .inf\n---\n- 1\n- x\n';
    expect(parseManifestDocuments(text)).toEqual(reference(text));
    expect(parseManifestDocuments(text)).toEqual([{ a: 'yes', b: 12, c: 1000, d: null, e: '2024-01-01', f: '0x1F', g: Infinity }, [1, 'x']]);
    expect(parseManifest('kind: Service\nmetadata:\n  name: web\n')).toEqual(parse('kind: Service\nmetadata:\n  name: web\n'));
  });

  test('a syntax error or a second document is refused', () => {
    expect(() => parseManifest('a: [1, 2\n')).toThrow();
    expect(() => parseManifest('a: 1\n---\nb: 2\n')).toThrow();
  });
});
