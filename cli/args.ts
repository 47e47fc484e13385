/** Command-line arguments: `--name value`, `--name=value` and boolean `--flag`, repeatable. */
export class UsageError extends Error {}

export interface ParsedArgs {
  /** Values of each option, in order (booleans record 'true'). */
  readonly options: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/**
 * Parses argv against the options a command declares: `valueOptions` take a value, `flags` do
 * not. Anything else is a usage error, so typos never pass silently.
 */
export function parseArgs(argv: readonly string[], valueOptions: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const add = (k: string, v: string) => options.set(k, [...(options.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valueOptions.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || (eq < 0 && v.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      add(name, v);
    } else if (flags.includes(name) && eq < 0) {
      add(name, 'true');
    } else {
      throw new UsageError(`unknown option ${a}`);
    }
  }
  return { options, positionals };
}

export const values = (a: ParsedArgs, name: string): string[] => [...(a.options.get(name) ?? [])];
export const value = (a: ParsedArgs, name: string): string | undefined => a.options.get(name)?.at(-1);
export const flag = (a: ParsedArgs, name: string): boolean => a.options.has(name);
