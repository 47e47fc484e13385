/**
 * Progress for work that may take a while: quiet while a run is quick, a line per step on
 * stderr once it has taken more than a second (stdout stays clean for piping).
 */
export function progress(total: number, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  const started = Date.now();
  let done = 0;
  return {
    /** Call before each step. */
    step(what: string): void {
      done++;
      if (Date.now() - started > 1000) write(`[${done}/${total}] ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
  };
}
