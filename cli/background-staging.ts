import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EnvironmentFiles, swapIn } from './output';

// The writing thread: plain file writes into the staging folder, one message per environment.
// Kept as source text so it needs no bundle of its own (the CLI and the benchmarks are bundles).
const WRITER = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const made = new Set();
let failure;
parentPort.on('message', (m) => {
  if (m.end) return parentPort.postMessage({ failure });
  if (failure) return;
  try {
    for (const [file, content] of m.files) {
      const target = path.join(m.dir, file);
      const dir = path.dirname(target);
      if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
      fs.writeFileSync(target, content);
    }
  } catch (e) {
    failure = String(e && e.message ? e.message : e);
  }
});
`;

/**
 * `writeEnvironments` for a caller that renders many environments one after another (a job
 * previewing many pull requests): each environment's files are handed to a writing thread as
 * soon as it is rendered, so the disk works while the next ones render, on the other core.
 * Nothing is visible in `root` before `commit`, which swaps every staged environment in by
 * renames, all or nothing, as `writeEnvironments` does (which also leaves a folder that already
 * holds exactly the rendered files alone; here every staged one is swapped in). `dispose`, or a
 * failed write, leaves `root` as it was.
 */
export class BackgroundStaging {
  private readonly staging: string;
  private readonly writer: Worker;
  private readonly staged: string[] = [];
  private closed = false;

  constructor(private readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
    this.staging = fs.mkdtempSync(path.join(root, '.keelson-tmp-'));
    this.writer = new Worker(WRITER, { eval: true });
  }

  /** Hands one rendered environment's files to the writing thread. */
  stage(r: EnvironmentFiles): void {
    if (this.closed) throw new Error('BackgroundStaging: staged after commit or dispose');
    if (this.staged.includes(r.env)) throw new Error(`BackgroundStaging: environment names must be unique; got ${r.env} twice`);
    this.staged.push(r.env);
    this.writer.postMessage({ dir: path.join(this.staging, 'new'), files: [...r.files] });
  }

  /** Waits for the writes, then swaps every staged environment into `root`. */
  async commit(): Promise<void> {
    try {
      const { failure } = await this.finish();
      if (failure !== undefined) throw new Error(`writing the staged environments failed: ${failure}`);
      swapIn(
        this.root,
        this.staging,
        this.staged.map((env) => ({ env })),
      );
    } finally {
      this.remove();
    }
  }

  /** Drops everything staged; `root` is left as it was. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    await this.writer.terminate();
    this.remove();
  }

  private finish(): Promise<{ failure?: string }> {
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.writer.once('error', reject);
      this.writer.once('message', resolve);
      this.writer.postMessage({ end: true });
    });
  }

  private remove(): void {
    this.closed = true;
    void this.writer.terminate();
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}
