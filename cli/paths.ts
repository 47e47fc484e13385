import * as fs from 'node:fs';
import * as path from 'node:path';

/** The keelson package root (works from the TypeScript sources and from the dist/ bundle). */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`keelson: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}
