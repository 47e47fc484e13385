import { Flow } from '../../constructs/common/wiring';
import { RenderedObjects } from '../../render';
import { endpointsOf } from './inventory';
import { COMPONENT_LABEL, ComponentKey, componentId, NAME_LABEL, podCounts, selects, Workload, workloadsOf } from './workloads';

/**
 * The topology of an environment as a Mermaid flowchart, generated from the wiring the charts
 * recorded: one box per chart (namespace) holding its components, an arrow per recorded flow
 * (`recordFlow`), arrows from outside for every LoadBalancer/NodePort Service and Ingress, and
 * the upstream Helm releases (`recordRelease`). New charts appear without changes here.
 */

interface Node {
  readonly id: string;
  readonly label: string;
  /** Mermaid shape: `[…]` box, `([…])` stadium, `{{…}}` hexagon, `[(…)]` cylinder. */
  readonly shape: 'box' | 'stadium' | 'hexagon' | 'cylinder';
}

/** Mermaid text inside a quoted label: entities for the characters that would end it. */
function escapeLabel(s: string): string {
  return s.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const label = (...lines: string[]) => lines.filter(Boolean).map(escapeLabel).join('<br/>');

function shaped(n: Node): string {
  const [open, close] = { box: ['[', ']'], stadium: ['([', '])'], hexagon: ['{{', '}}'], cylinder: ['[(', ')]'] }[n.shape];
  return `${n.id}${open}"${n.label}"${close}`;
}

class Ids {
  private readonly used = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** A stable Mermaid id for a key (letters, digits and `_`; never a keyword such as `end`). */
  of(prefix: string, key: string): string {
    const known = this.used.get(`${prefix}:${key}`);
    if (known) return known;
    const base = `${prefix}_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
    let id = base;
    for (let i = 2; this.taken.has(id); i++) id = `${base}_${i}`;
    this.taken.add(id);
    this.used.set(`${prefix}:${key}`, id);
    return id;
  }
}

function portsText(ports: Flow['ports']): string {
  const byProtocol = new Map<string, number[]>();
  for (const p of ports) byProtocol.set(p.protocol ?? 'TCP', [...(byProtocol.get(p.protocol ?? 'TCP') ?? []), p.port]);
  return [...byProtocol].map(([proto, list]) => `${proto} ${list.join(', ')}`).join('; ');
}

function podsText(workloads: readonly Workload[], nodes: number): string {
  return workloads
    .map((w) => {
      const { replicas, max } = podCounts(w.scale, nodes);
      const count = w.scale.kind === 'perNode' ? 'per node' : replicas === max ? `×${replicas}` : `×${replicas}–${max}`;
      return `${w.kind} ${count}`;
    })
    .join(', ');
}

/** The Mermaid flowchart of one rendered environment. */
export function topologyMermaid(r: RenderedObjects, nodes = r.config.overview.nodes): string {
  const ids = new Ids();
  const workloads = workloadsOf(r.charts);
  /** Nodes per subgraph title (chart id, or a fixed group), in first-seen order. */
  const groups = new Map<string, { title: string; nodes: Node[] }>();
  const group = (key: string, title: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { title, nodes: [] }));
    return g;
  };
  const chartTitle = (chart: string) => {
    const c = r.charts.find((x) => x.name === chart);
    return c?.namespace ? `${chart} · namespace ${c.namespace}` : chart;
  };

  // Components of every chart.
  const componentNode = new Map<string, string>();
  for (const c of r.charts) group(`chart:${c.name}`, chartTitle(c.name));
  const byComponent = new Map<string, { key: ComponentKey; list: Workload[] }>();
  for (const w of workloads) {
    const id = componentId(w.key);
    const entry = byComponent.get(id) ?? { key: w.key, list: [] };
    entry.list.push(w);
    byComponent.set(id, entry);
  }
  for (const [cid, { key, list }] of byComponent) {
    const id = ids.of('c', cid);
    componentNode.set(cid, id);
    group(`chart:${key.chart}`, chartTitle(key.chart)).nodes.push({
      id,
      label: label(`${key.name}${key.component ? ` ${key.component}` : ''}`, podsText(list, nodes)),
      shape: 'box',
    });
  }

  /** Node ids for the pods a selector picks in a chart; a node of its own when no workload matches (pods made at run time). */
  const podsNodes = (chart: string, selector: Record<string, string>): string[] => {
    const matched = [
      ...new Set(workloads.filter((w) => w.chart === chart && selects(selector, w.podLabels)).map((w) => componentNode.get(componentId(w.key))!)),
    ];
    if (matched.length) return matched;
    const key = `${chart}/${Object.keys(selector)
      .sort()
      .map((k) => selector[k])
      .join('/')}`;
    const id = ids.of('p', key);
    const g = group(`chart:${chart}`, chartTitle(chart));
    if (!g.nodes.some((n) => n.id === id)) {
      const name = [selector['app.kubernetes.io/instance'] ?? selector[NAME_LABEL], selector[COMPONENT_LABEL]].filter(Boolean).join(' ');
      g.nodes.push({ id, label: label(name || Object.values(selector).join(' '), 'pods not in the manifests'), shape: 'stadium' });
    }
    return [id];
  };

  const edges: string[] = [];
  const edge = (from: string, to: string, text: string) => {
    const line = `  ${from} -->|"${text}"| ${to}`;
    if (!edges.includes(line)) edges.push(line);
  };

  for (const f of r.flows) {
    const from = podsNodes(f.from.chart, f.from.selector);
    let to: string[];
    if (f.to.kind === 'pods') to = podsNodes(f.to.chart, f.to.selector);
    else {
      const id = ids.of('x', f.to.host);
      const g = group('external', 'outside the platform');
      if (!g.nodes.some((n) => n.id === id)) g.nodes.push({ id, label: label(f.to.host, f.to.cidr ?? ''), shape: 'hexagon' });
      to = [id];
    }
    for (const a of from) for (const b of to) edge(a, b, label(f.purpose, portsText(f.ports)));
  }

  const endpoints = endpointsOf(r.charts);
  const clients = 'clients';
  for (const e of endpoints) {
    const text =
      e.kind === 'Ingress'
        ? label(`Ingress ${e.ingress}`, ...e.urls)
        : label(
            `${e.kind} ${e.service}${e.count > 1 ? ` ×${e.count}` : ''}`,
            [e.fixedIps.join(', '), e.pool && `pool ${e.pool}`, e.ports.join(', ')].filter(Boolean).join(' · '),
          );
    let targets = e.targets.map((k) => componentNode.get(componentId(k))!).filter(Boolean);
    if (!targets.length) {
      // Nothing selected by name: show the object itself so the exposure is not lost.
      const id = ids.of('e', `${e.chart}/${e.kind === 'Ingress' ? e.ingress : e.service}`);
      const g = group(`chart:${e.chart}`, chartTitle(e.chart));
      if (!g.nodes.some((n) => n.id === id))
        g.nodes.push({ id, label: label(e.kind === 'Ingress' ? `Ingress ${e.ingress}` : `Service ${e.service}`), shape: 'box' });
      targets = [id];
    }
    for (const t of targets) edge(clients, t, text);
  }

  for (const rel of r.releases) {
    group('releases', 'upstream Helm releases').nodes.push({
      id: ids.of('r', `${rel.namespace}/${rel.name}`),
      label: label(rel.name, `${rel.chart.chart} ${rel.chart.version}`, `namespace ${rel.namespace}`),
      shape: 'cylinder',
    });
  }

  const lines = ['flowchart LR'];
  if (endpoints.length) lines.push(`  ${clients}(["clients"])`);
  for (const [key, g] of groups) {
    if (!g.nodes.length) continue;
    lines.push(`  subgraph ${ids.of('g', key)}["${escapeLabel(g.title)}"]`, ...g.nodes.map((n) => `    ${shaped(n)}`), '  end');
  }
  lines.push(...edges);
  return lines.join('\n');
}
