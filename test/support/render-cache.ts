import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Jest global setup and teardown: one file per `jest` run where the first test file that needs
 * every environment rendered leaves them (test/support/environments.ts), so the other files
 * read them back instead of building the same construct trees again (most of the suite's CPU
 * time went into rendering the four environments once per file).
 */
export const RENDER_CACHE_VARIABLE = 'KEELSON_TEST_RENDER_CACHE';

export function setup(): void {
  process.env[RENDER_CACHE_VARIABLE] = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-jest-')), 'rendered.json');
}

export function teardown(): void {
  const file = process.env[RENDER_CACHE_VARIABLE];
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
