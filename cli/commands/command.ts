/** What the `keelson` executable (bin/keelson.js) knows of the code it runs; source-level callers pass none. */
export interface Runtime {
  /** The bundle that runs: its path and the sha256 of its bytes. */
  readonly bundle?: { readonly file: string; readonly digest: string };
}

/** One `keelson` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Synopsis and options, shown by `keelson help <name>` and on usage errors. */
  readonly usage: string;
  /** Runs the command; returns the process exit code (0 ok, 1 check failed or bad configuration, 2 unusable git revision, 64 usage; 70 is left to bugs). */
  run(argv: readonly string[], runtime?: Runtime): number | Promise<number>;
}
