import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A throw-away copy of the project as a fresh clone holds it (the files git lists, tracked or
 * new, that still exist), with node_modules linked in, for tests that run the built command.
 * Build output (dist/, lib/) is left out, and so are the tests themselves: the commands under
 * test never read them, and copying and committing them was most of the copy's cost.
 */
export function copyProject(prefix: string): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' }).split('\n');
  const skipped = ['node_modules/', 'dist/', 'lib/', 'test/'];
  for (const f of listed) {
    if (!f || f === 'node_modules' || skipped.some((s) => f.startsWith(s)) || !fs.existsSync(f)) continue;
    fs.mkdirSync(path.join(repo, path.dirname(f)), { recursive: true });
    fs.copyFileSync(f, path.join(repo, f));
  }
  fs.symlinkSync(path.resolve('node_modules'), path.join(repo, 'node_modules'), 'dir');
  return repo;
}
