/**
 * Kubernetes quantities, typed so that literals are checked at compile time and parsed so that
 * sizes can be compared (queue fits the volume, heap fits the limit …).
 */

export type BinarySizeUnit = 'Ki' | 'Mi' | 'Gi' | 'Ti' | 'Pi';
export type DecimalSizeUnit = 'k' | 'M' | 'G' | 'T' | 'P';
/** A storage or memory size such as `512Mi` or `20Gi`. */
export type Size = `${number}${BinarySizeUnit | DecimalSizeUnit}`;
/** CPU as millicores (`250m`) or cores (`2`, `0.5`). */
export type Cpu = `${number}m` | `${number}` | number;

const SIZE_FACTORS: Record<string, number> = {
  '': 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/;
const CPU_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(m?)$/;

export const SIZE_RULE = 'must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti';
export const CPU_RULE = 'must be a positive CPU quantity, such as 250m, 0.5 or 2';

/** Bytes in a size, or undefined when the text is not a positive size with a unit. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = SIZE_PATTERN.exec(value);
  if (!m) return undefined;
  const bytes = Number(m[1]) * SIZE_FACTORS[m[2]];
  return bytes > 0 ? bytes : undefined;
}

/** Millicores in a CPU quantity, or undefined when it is not positive and well-formed. */
export function parseCpu(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  if (typeof value !== 'string') return undefined;
  const m = CPU_PATTERN.exec(value);
  if (!m) return undefined;
  const milli = m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
  return milli > 0 ? milli : undefined;
}

/** Canonical text for a CPU quantity: whole cores as `2`, the rest in millicores. */
export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${Math.round(milli)}m`;
}

/** Whole mebibytes in a byte count, rounded down. */
export function toMebibytes(bytes: number): number {
  return Math.floor(bytes / 1024 ** 2);
}
