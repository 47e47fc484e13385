import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One temporary folder per `jest` run, holding every throw-away file the tests make (copies of
 * the project, synthesized output, git repositories): the workers and the commands they spawn
 * inherit it as TMPDIR, and the run removes it at the end, whatever a test left behind. On Linux
 * it lives in /dev/shm (memory) when that is writable and TMPDIR was not set: the tests create
 * and remove tens of thousands of small files, which cost about 3 s of system time a run on a
 * disk. A TMPDIR set by the caller is kept as the parent.
 */
export const TEMP_ROOT_VARIABLE = 'KEELSON_TEST_TEMP_ROOT';

function parent(): string {
  if (process.env.TMPDIR) return process.env.TMPDIR;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no memory-backed folder: the system's temporary folder
  }
  return os.tmpdir();
}

export function setupTempRoot(): void {
  const root = fs.mkdtempSync(path.join(parent(), 'keelson-jest-'));
  process.env[TEMP_ROOT_VARIABLE] = root;
  process.env.TMPDIR = root;
}

export function teardownTempRoot(): void {
  const root = process.env[TEMP_ROOT_VARIABLE];
  if (root) fs.rmSync(root, { recursive: true, force: true });
}
