/** One `keelson` subcommand. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Synopsis and options, shown by `keelson help <name>` and on usage errors. */
  readonly usage: string;
  /** Runs the command; returns the process exit code (0 ok, 1 check failed or bad configuration, 2 unusable git revision, 64 usage; 70 is left to bugs). */
  run(argv: readonly string[]): number | Promise<number>;
}
