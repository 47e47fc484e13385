/** One `keelson` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Synopsis and options, shown by `keelson help <name>` and on usage errors. */
  readonly usage: string;
  /** Runs the command; returns the process exit code (0 ok, 1 check failed, 2 bad config, 64 usage). */
  run(argv: readonly string[]): number | Promise<number>;
}
