import { k8s } from '../k8s';
import { Checks, ensured } from './errors';
import { CPU_RULE, Cpu, SIZE_RULE, Size, formatCpu, parseCpu, parseSize } from './quantity';

/**
 * Compute resources of one container. Memory always has a limit (an unbounded container can
 * take a node down); a CPU limit is optional because CPU is compressible and throttling hurts
 * latency more than it protects neighbours.
 */
export interface ResourceSpec {
  readonly requests: { readonly cpu: Cpu; readonly memory: Size };
  readonly limits: { readonly cpu?: Cpu; readonly memory: Size };
}

/** Parsed figures, for budgets and for sizing JVM heaps. */
export interface ResourceFigures {
  readonly cpuRequestMilli: number;
  readonly cpuLimitMilli?: number;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
}

/** Validates a ResourceSpec (well-formed, requests ≤ limits) and returns its figures. */
export function checkResources(checks: Checks, field: string, spec: ResourceSpec | undefined): ResourceFigures {
  checks.that(
    spec !== undefined && typeof spec === 'object' && spec.requests !== undefined && spec.limits !== undefined,
    field,
    spec,
    'must set requests { cpu, memory } and limits { memory }',
  );
  const s = spec as ResourceSpec;
  const cpuRequestMilli = parseCpu(s.requests.cpu);
  checks.that(cpuRequestMilli !== undefined, `${field}.requests.cpu`, s.requests.cpu, CPU_RULE);
  const memoryRequestBytes = parseSize(s.requests.memory);
  checks.that(memoryRequestBytes !== undefined, `${field}.requests.memory`, s.requests.memory, SIZE_RULE);
  const memoryLimitBytes = parseSize(s.limits.memory);
  checks.that(memoryLimitBytes !== undefined, `${field}.limits.memory`, s.limits.memory, SIZE_RULE);
  checks.that(memoryLimitBytes >= memoryRequestBytes, `${field}.limits.memory`, s.limits.memory, `must be at least the memory request (${s.requests.memory})`);
  let cpuLimitMilli: number | undefined;
  if (s.limits.cpu !== undefined) {
    cpuLimitMilli = parseCpu(s.limits.cpu);
    checks.that(cpuLimitMilli !== undefined, `${field}.limits.cpu`, s.limits.cpu, CPU_RULE);
    checks.that(cpuLimitMilli >= cpuRequestMilli, `${field}.limits.cpu`, s.limits.cpu, `must be at least the CPU request (${s.requests.cpu})`);
  }
  return { cpuRequestMilli, cpuLimitMilli, memoryRequestBytes, memoryLimitBytes };
}

/** The Kubernetes form of a validated ResourceSpec. */
export function renderResources(spec: ResourceSpec): k8s.ResourceRequirements {
  const q = (v: string) => k8s.Quantity.fromString(v);
  const cpu = (v: Cpu) => q(formatCpu(ensured(parseCpu(v), `CPU quantity ${v}`)));
  const limits: Record<string, k8s.Quantity> = { memory: q(spec.limits.memory) };
  if (spec.limits.cpu !== undefined) limits.cpu = cpu(spec.limits.cpu);
  return { requests: { cpu: cpu(spec.requests.cpu), memory: q(spec.requests.memory) }, limits };
}
