import { Checks, ensured } from '../common/errors';
import { Size } from '../common/quantity';
import { checkResources, ResourceSpec } from '../common/resources';
import { checkVolume } from '../common/storage';
import { StrimziResources, StrimziStorage } from './types';
import { formatCpu, parseCpu } from '../common/quantity';

/** Storage of one node pool. */
export type KafkaStorage =
  /** Data lost on restart: only for throw-away environments. */
  | { readonly kind: 'ephemeral'; /** @default undefined (no limit) */ readonly sizeLimit?: Size }
  /** Persistent JBOD: one claim per volume per node; claims are kept when the cluster is deleted. */
  | {
      readonly kind: 'jbod';
      readonly volumes: readonly { readonly size: Size; /** @default the environment's StorageClass */ readonly storageClass?: string }[];
    };

export interface NodeGroupSpec {
  readonly replicas: number;
  readonly storage: KafkaStorage;
  readonly resources: ResourceSpec;
}

/** How nodes are laid out: one pool of dual-role nodes, or separate controllers and brokers. */
export type KafkaNodeLayout =
  | { readonly kind: 'combined'; readonly nodes: NodeGroupSpec }
  | { readonly kind: 'dedicated'; readonly controllers: NodeGroupSpec; readonly brokers: NodeGroupSpec };

export function brokerCount(layout: KafkaNodeLayout): number {
  return layout.kind === 'combined' ? layout.nodes.replicas : layout.brokers.replicas;
}

export function checkNodeGroup(checks: Checks, field: string, g: NodeGroupSpec, roles: 'controller' | 'broker' | 'combined'): void {
  checks.integer(`${field}.replicas`, g.replicas, 1, 64);
  if (roles !== 'broker') {
    // A KRaft quorum of n voters survives floor((n-1)/2) failures; an even count adds no tolerance.
    checks.that(
      g.replicas % 2 === 1,
      `${field}.replicas`,
      g.replicas,
      'must be odd (a KRaft controller quorum of 2n voters tolerates no more failures than 2n-1)',
    );
  }
  checkResources(checks, `${field}.resources`, g.resources);
  checks.that(['ephemeral', 'jbod'].includes(g.storage?.kind), `${field}.storage.kind`, g.storage?.kind, "must be 'ephemeral' or 'jbod'");
  if (g.storage.kind === 'jbod') {
    checks.nonEmpty(`${field}.storage.volumes`, g.storage.volumes);
    g.storage.volumes.forEach((v, i) => checkVolume(checks, `${field}.storage.volumes[${i}]`, v));
  }
}

/** Strimzi storage; the first JBOD volume also holds the KRaft metadata log. */
export function renderStorage(s: KafkaStorage, defaultStorageClass: string | undefined): StrimziStorage {
  if (s.kind === 'ephemeral') return { type: 'ephemeral', sizeLimit: s.sizeLimit };
  return {
    type: 'jbod',
    volumes: s.volumes.map((v, id) => ({
      id,
      type: 'persistent-claim' as const,
      size: v.size,
      class: v.storageClass ?? defaultStorageClass,
      deleteClaim: false,
      kraftMetadata: id === 0 ? ('shared' as const) : undefined,
    })),
  };
}

export function renderStrimziResources(r: ResourceSpec): StrimziResources {
  const cpu = (v: ResourceSpec['requests']['cpu']) => formatCpu(ensured(parseCpu(v), `CPU quantity ${v}`));
  return {
    requests: { cpu: cpu(r.requests.cpu), memory: r.requests.memory },
    limits: { cpu: r.limits.cpu === undefined ? undefined : cpu(r.limits.cpu), memory: r.limits.memory },
  };
}
