/** Durations as Logstash and Elasticsearch date math write them: a whole number and one of s, m, h, d. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`;

const PATTERN = /^([1-9][0-9]*)(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export const DURATION_RULE = 'must be a positive whole duration such as 30s, 5m, 2h or 7d';

/** Seconds in a duration, or undefined when malformed. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = PATTERN.exec(value);
  return m ? Number(m[1]) * SECONDS[m[2] as keyof typeof SECONDS] : undefined;
}
