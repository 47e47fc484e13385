import { parseCpu, parseSize } from '../../constructs/common/quantity';
import { formatBytes, formatCores, markdownTable, signed, Table, textTable } from './format';
import { ChartObjects, ComponentKey, componentId, componentOf, componentTitle, NAME_LABEL, Obj, podCounts, workloadsOf } from './workloads';

/**
 * The resource budget of an environment: what its pods request and may use, and the storage
 * they claim, per component and in total, computed from rendered objects alone.
 *
 * - A pod's request and limit follow the scheduler's rules: the sum of its containers, or the
 *   largest init container (plus the sidecars started before it) when that is more; a pod-level
 *   `resources` wins; a container with a limit but no request requests its limit.
 * - A limit that any container leaves unset makes the pod's limit unbounded (`Infinity`,
 *   shown as `none`, `null` in JSON): the pod may use whatever the node has.
 * - "Worst case" runs every autoscaled workload at its HPA `maxReplicas` (StatefulSets then
 *   also claim one volume per extra replica).
 * - DaemonSets run one pod per node: `nodes` is an assumption (`overview.nodes` of the
 *   environment, or `keelson report --nodes`), since the cluster is not known at synthesis.
 * - Pods an operator runs for a custom resource in the manifests are counted as the operator
 *   creates them (Strimzi's Kafka node pools and entity operator: `./managed`).
 * - Other pods created at run time (Jenkins' ephemeral build agents, Jobs started by operators)
 *   and upstream Helm releases are not in the rendered objects and not counted.
 */

/** CPU in millicores, memory and storage in bytes; Infinity is an unbounded limit. */
export interface Amounts {
  readonly cpuRequest: number;
  readonly cpuLimit: number;
  readonly memoryRequest: number;
  readonly memoryLimit: number;
  readonly storage: number;
}

export interface BudgetRow {
  readonly key: ComponentKey;
  /** The objects behind the row, e.g. `StatefulSet/jenkins`, `PersistentVolumeClaim/cache`. */
  readonly objects: readonly string[];
  readonly pods: number;
  readonly maxPods: number;
  /** Some of its pods come from a DaemonSet (counted `nodes` times). */
  readonly perNode: boolean;
  readonly normal: Amounts;
  readonly worstCase: Amounts;
}

export interface Budget {
  /** Nodes assumed for DaemonSets. */
  readonly nodes: number;
  readonly rows: readonly BudgetRow[];
  readonly total: Omit<BudgetRow, 'key' | 'objects' | 'perNode'>;
}

export interface BudgetOptions {
  /** Nodes a DaemonSet runs on. */
  readonly nodes: number;
}

export const ZERO: Amounts = { cpuRequest: 0, cpuLimit: 0, memoryRequest: 0, memoryLimit: 0, storage: 0 };

function add(a: Amounts, b: Amounts): Amounts {
  return {
    cpuRequest: a.cpuRequest + b.cpuRequest,
    cpuLimit: a.cpuLimit + b.cpuLimit,
    memoryRequest: a.memoryRequest + b.memoryRequest,
    memoryLimit: a.memoryLimit + b.memoryLimit,
    storage: a.storage + b.storage,
  };
}

// Zero pods of an unbounded pod use nothing (Infinity × 0 would be NaN).
const times = (v: number, n: number) => (n === 0 ? 0 : v * n);

function scale(a: Amounts, n: number): Amounts {
  return {
    cpuRequest: times(a.cpuRequest, n),
    cpuLimit: times(a.cpuLimit, n),
    memoryRequest: times(a.memoryRequest, n),
    memoryLimit: times(a.memoryLimit, n),
    storage: times(a.storage, n),
  };
}

type Measure = 'cpuRequest' | 'cpuLimit' | 'memoryRequest' | 'memoryLimit';

/** One container's value of a measure (millicores or bytes). */
function containerValue(c: Obj, m: Measure): number {
  const parse = m.startsWith('cpu') ? parseCpu : parseSize;
  const resource = m.startsWith('cpu') ? 'cpu' : 'memory';
  const limit = c.resources?.limits?.[resource];
  if (m === 'cpuLimit' || m === 'memoryLimit') return limit === undefined ? Infinity : (parse(limit) ?? 0);
  const request = c.resources?.requests?.[resource] ?? limit;
  return request === undefined ? 0 : (parse(request) ?? 0);
}

/** The effective value of a measure for one pod (see the module comment). */
function podValue(spec: Obj, m: Measure): number {
  const podLevel = m.endsWith('Limit') ? spec.resources?.limits : spec.resources?.requests;
  const resource = m.startsWith('cpu') ? 'cpu' : 'memory';
  if (podLevel?.[resource] !== undefined) return (m.startsWith('cpu') ? parseCpu : parseSize)(podLevel[resource]) ?? 0;
  let sidecars = 0;
  let init = 0;
  for (const c of (spec.initContainers ?? []) as Obj[]) {
    const v = containerValue(c, m);
    if (c.restartPolicy === 'Always') sidecars += v;
    else init = Math.max(init, v + sidecars);
  }
  const main = ((spec.containers ?? []) as Obj[]).reduce((sum, c) => sum + containerValue(c, m), 0);
  return Math.max(init, main + sidecars);
}

function podAmounts(spec: Obj): Amounts {
  return {
    cpuRequest: podValue(spec, 'cpuRequest'),
    cpuLimit: podValue(spec, 'cpuLimit'),
    memoryRequest: podValue(spec, 'memoryRequest'),
    memoryLimit: podValue(spec, 'memoryLimit'),
    storage: 0,
  };
}

const claimSize = (claim: Obj): number => parseSize(claim.spec?.resources?.requests?.storage) ?? 0;

interface MutableRow {
  key: ComponentKey;
  objects: string[];
  pods: number;
  maxPods: number;
  perNode: boolean;
  normal: Amounts;
  worstCase: Amounts;
}

/** The budget of one environment's charts (a RenderedEnvironment, or charts read from YAML). */
export function computeBudget(charts: readonly ChartObjects[], options: BudgetOptions): Budget {
  const rows = new Map<string, MutableRow>();
  const rowOf = (key: ComponentKey): MutableRow => {
    const id = componentId(key);
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { key, objects: [], pods: 0, maxPods: 0, perNode: false, normal: ZERO, worstCase: ZERO }));
    return row;
  };

  const workloads = workloadsOf(charts);
  for (const w of workloads) {
    const row = rowOf(w.key);
    const { replicas, max } = podCounts(w.scale, options.nodes);
    const pod = { ...podAmounts(w.podSpec), storage: w.claimTemplates.reduce((sum, t) => sum + claimSize(t), 0) };
    row.objects.push(`${w.kind}/${w.name}`);
    row.pods += replicas;
    row.maxPods += max;
    row.perNode ||= w.scale.kind === 'perNode';
    row.normal = add(row.normal, scale(pod, replicas));
    row.worstCase = add(row.worstCase, scale(pod, max));
  }

  for (const chart of charts) {
    for (const claim of chart.objects as readonly Obj[]) {
      if (claim.kind !== 'PersistentVolumeClaim') continue;
      // Unlabelled claims belong to the workload that mounts them, if any.
      const mountedBy = workloads.find(
        (w) => w.chart === chart.name && (w.podSpec.volumes ?? []).some((v: Obj) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
      );
      const labels = claim.metadata.labels as Record<string, string> | undefined;
      const key = labels?.[NAME_LABEL] === undefined && mountedBy ? mountedBy.key : componentOf(chart.name, claim.metadata.name, labels);
      const row = rowOf(key);
      const storage = { ...ZERO, storage: claimSize(claim) };
      row.objects.push(`PersistentVolumeClaim/${claim.metadata.name}`);
      row.normal = add(row.normal, storage);
      row.worstCase = add(row.worstCase, storage);
    }
  }

  const list = [...rows.values()];
  return {
    nodes: options.nodes,
    rows: list,
    total: {
      pods: list.reduce((n, r) => n + r.pods, 0),
      maxPods: list.reduce((n, r) => n + r.maxPods, 0),
      normal: list.reduce((a, r) => add(a, r.normal), ZERO),
      worstCase: list.reduce((a, r) => add(a, r.worstCase), ZERO),
    },
  };
}

const podsText = (pods: number, maxPods: number, perNode: boolean) => `${pods === maxPods ? pods : `${pods}-${maxPods}`}${perNode ? ' (per node)' : ''}`;

/** The budget as a table: normal operation, then the worst case (every HPA at its maximum). */
export function budgetTable(b: Budget): Table {
  const cells = (pods: string, n: Amounts, w: Amounts, maxPods: number) => [
    pods,
    formatCores(n.cpuRequest),
    formatCores(n.cpuLimit),
    formatBytes(n.memoryRequest),
    formatBytes(n.memoryLimit),
    formatBytes(n.storage),
    String(maxPods),
    formatCores(w.cpuRequest),
    formatBytes(w.memoryRequest),
    formatBytes(w.memoryLimit),
    formatBytes(w.storage),
  ];
  const right = { align: 'right' as const };
  return {
    columns: [
      { title: 'component' },
      { title: 'pods', ...right },
      { title: 'CPU req', ...right },
      { title: 'CPU lim', ...right },
      { title: 'mem req', ...right },
      { title: 'mem lim', ...right },
      { title: 'storage', ...right },
      { title: 'worst: pods', ...right },
      { title: 'worst: CPU req', ...right },
      { title: 'worst: mem req', ...right },
      { title: 'worst: mem lim', ...right },
      { title: 'worst: storage', ...right },
    ],
    rows: [
      ...b.rows.map((r) => [componentTitle(r.key), ...cells(podsText(r.pods, r.maxPods, r.perNode), r.normal, r.worstCase, r.maxPods)]),
      ['total', ...cells(podsText(b.total.pods, b.total.maxPods, false), b.total.normal, b.total.worstCase, b.total.maxPods)],
    ],
  };
}

/** What the budget assumes, in one sentence for under the table. */
export function budgetNotes(b: Budget): string {
  return (
    `CPU in cores, memory and storage in bytes (Ki/Mi/Gi/Ti). pods: normal count, or the HPA range. "worst" runs every HPA at maxReplicas. ` +
    `DaemonSets count once per node (${b.nodes} node${b.nodes === 1 ? '' : 's'} assumed). "none": a container sets no limit, so the pod is unbounded. ` +
    `Kafka counts the pods and volumes Strimzi runs for each KafkaNodePool and the entity operator. ` +
    `Not counted: other pods created at run time and upstream Helm releases.`
  );
}

/** JSON form: units stated, unbounded limits null. */
export function budgetJson(b: Budget): unknown {
  const units = { cpu: 'millicores', memory: 'bytes', storage: 'bytes' };
  return JSON.parse(JSON.stringify({ units, ...b }, (_k, v) => (v === Infinity ? null : v)));
}

// ---------------------------------------------------------------------------------------------
// Before/after comparison, for `diff` and reviews.

const MEASURES: readonly {
  readonly label: string;
  readonly get: (r: Pick<BudgetRow, 'pods' | 'maxPods' | 'normal' | 'worstCase'>) => number;
  readonly format: (n: number) => string;
}[] = [
  { label: 'pods', get: (r) => r.pods, format: String },
  { label: 'CPU request', get: (r) => r.normal.cpuRequest, format: formatCores },
  { label: 'CPU limit', get: (r) => r.normal.cpuLimit, format: formatCores },
  { label: 'memory request', get: (r) => r.normal.memoryRequest, format: formatBytes },
  { label: 'memory limit', get: (r) => r.normal.memoryLimit, format: formatBytes },
  { label: 'storage', get: (r) => r.normal.storage, format: formatBytes },
  { label: 'worst-case pods', get: (r) => r.maxPods, format: String },
  { label: 'worst-case CPU request', get: (r) => r.worstCase.cpuRequest, format: formatCores },
  { label: 'worst-case memory request', get: (r) => r.worstCase.memoryRequest, format: formatBytes },
  { label: 'worst-case memory limit', get: (r) => r.worstCase.memoryLimit, format: formatBytes },
  { label: 'worst-case storage', get: (r) => r.worstCase.storage, format: formatBytes },
];

export interface BudgetChange {
  /** `ci · jenkins/controller`, or `total`. */
  readonly component: string;
  readonly measure: string;
  readonly before: string;
  readonly after: string;
  readonly change: string;
}

const EMPTY_ROW = { pods: 0, maxPods: 0, normal: ZERO, worstCase: ZERO };

/** Every measure that differs, per component (added and removed components included) and in total. */
export function diffBudgets(before: Budget, after: Budget): BudgetChange[] {
  const ids = [...new Set([...after.rows, ...before.rows].map((r) => componentId(r.key)))];
  const find = (b: Budget, id: string) => b.rows.find((r) => componentId(r.key) === id);
  const changes: BudgetChange[] = [];
  const compare = (component: string, x: typeof EMPTY_ROW, y: typeof EMPTY_ROW) => {
    for (const m of MEASURES) {
      const [a, b] = [m.get(x), m.get(y)];
      if (a === b) continue;
      changes.push({ component, measure: m.label, before: m.format(a), after: m.format(b), change: signed(b - a, m.format) });
    }
  };
  for (const id of ids) {
    const x = find(before, id);
    const y = find(after, id);
    compare(componentTitle((y ?? x)!.key), x ?? EMPTY_ROW, y ?? EMPTY_ROW);
  }
  compare('total', before.total, after.total);
  return changes;
}

/**
 * A before/after budget delta for review (`keelson diff`): one row per changed measure, or a
 * single line saying nothing changed.
 */
export function formatBudgetDelta(before: Budget, after: Budget, format: 'text' | 'markdown' = 'text'): string {
  const changes = diffBudgets(before, after);
  if (changes.length === 0) return 'resource budget: no change';
  const table: Table = {
    columns: [
      { title: 'component' },
      { title: 'measure' },
      { title: 'before', align: 'right' },
      { title: 'after', align: 'right' },
      { title: 'change', align: 'right' },
    ],
    rows: changes.map((c) => [c.component, c.measure, c.before, c.after, c.change]),
  };
  return format === 'markdown' ? markdownTable(table) : textTable(table);
}
