import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, writeEnvironments } from '../../cli/output';
import { RenderedObjects } from '../../render';

const env = (name: string, files: Record<string, string>): RenderedObjects =>
  ({
    env: name,
    charts: [],
    files: new Map(Object.entries(files).map(([f, c]) => [`${name}/${f}`, c])),
    flows: [],
    releases: [],
  }) as unknown as RenderedObjects;

describe('writeEnvironments', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-output-test-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('an environment whose folder already holds exactly the rendered files is not rewritten; a changed one is replaced whole', () => {
    writeEnvironments(root, [env('dev', { 'ci/a.yaml': 'a: 1\n' }), env('prod', { 'ci/a.yaml': 'a: 1\n', 'ci/old.yaml': 'x\n' })]);
    const devInode = fs.statSync(path.join(root, 'dev', 'ci', 'a.yaml')).ino;
    const prodFolder = fs.statSync(path.join(root, 'prod')).ino;

    writeEnvironments(root, [env('dev', { 'ci/a.yaml': 'a: 1\n' }), env('prod', { 'ci/a.yaml': 'a: 2\n' })]);
    // dev is the same file, untouched (same inode; a rewrite goes through a staging copy and a rename)
    expect(fs.statSync(path.join(root, 'dev', 'ci', 'a.yaml')).ino).toBe(devInode);
    // prod was swapped in as a new folder: the new content, and the file no longer rendered is gone
    expect(fs.statSync(path.join(root, 'prod')).ino).not.toBe(prodFolder);
    expect(listFiles(root, 'prod')).toEqual(['prod/ci/a.yaml']);
    expect(fs.readFileSync(path.join(root, 'prod', 'ci', 'a.yaml'), 'utf8')).toBe('a: 2\n');
    // no staging folder is left behind
    expect(fs.readdirSync(root).sort()).toEqual(['dev', 'prod']);
  });

  test('a file added by hand to an unchanged environment makes it rewritten (the folder must hold exactly the rendered files)', () => {
    writeEnvironments(root, [env('dev', { 'ci/a.yaml': 'a: 1\n' })]);
    fs.writeFileSync(path.join(root, 'dev', 'ci', 'stray.yaml'), 'stray\n');
    writeEnvironments(root, [env('dev', { 'ci/a.yaml': 'a: 1\n' })]);
    expect(listFiles(root, 'dev')).toEqual(['dev/ci/a.yaml']);
  });

  test('an environment without files still gets its (empty) folder', () => {
    writeEnvironments(root, [env('empty', {})]);
    expect(fs.statSync(path.join(root, 'empty')).isDirectory()).toBe(true);
  });
});
