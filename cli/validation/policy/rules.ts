/**
 * The policy: named rules, each with the reason it exists and how to fix a violation. Rules
 * look only at rendered objects, so every component is covered the day it is added.
 */
import { ARGOCD_SYNC_OPTIONS, HOLDS_DATA_ANNOTATION } from '../../../constructs/common/storage';
import { containersOf, Json, Located, maxReplicasOf, podSpecPath, podTemplateOf, PodTemplate, scalingAutoscalerOf, selects } from '../objects';

/** Where a rule fired: the field, what is wrong (with the value), and the container if any. */
export interface RuleHit {
  readonly field: string;
  readonly message: string;
  /** The container the hit is about, so a per-container exception can waive it. */
  readonly container?: string;
}

export interface PolicyContext {
  readonly env: string;
  /** Production environments get the high-availability rules. */
  readonly production: boolean;
  /** Environments whose namespaces must be isolated (default-deny NetworkPolicies). */
  readonly networkIsolation: boolean;
  /** Every object of the environment, for rules that look across objects. */
  readonly all: readonly Located[];
}

export interface PolicyRule {
  readonly id: string;
  readonly rationale: string;
  readonly fix: string;
  check(l: Located, ctx: PolicyContext): RuleHit[];
}

const q = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));

/** Runs `f` on every container of a workload's pod template. */
function perContainer(l: Located, f: (c: Json, path: string, init: boolean, t: PodTemplate) => RuleHit[]): RuleHit[] {
  const t = podTemplateOf(l.object);
  if (!t) return [];
  return containersOf(t).flatMap(({ container, path, init }) => f(container, path, init, t).map((h) => ({ ...h, container: container.name })));
}

/** A container-level security field, falling back to the pod-level one (as the kubelet does). */
function effective(c: Json, t: PodTemplate, field: 'runAsNonRoot' | 'runAsUser' | 'seccompProfile'): unknown {
  return c.securityContext?.[field] ?? t.spec.securityContext?.[field];
}

const CONTROLLERS = ['Deployment', 'StatefulSet'];

export const RULES: readonly PolicyRule[] = [
  {
    id: 'pss-run-as-non-root',
    rationale: 'Restricted Pod Security Standard: a process running as root that escapes its container is root on the node.',
    fix: 'run the image as its unprivileged user: restrictedPodSecurityContext({ user }) and container() from the workload kit',
    check: (l) =>
      perContainer(l, (c, path, _init, t) => {
        const hits: RuleHit[] = [];
        if (effective(c, t, 'runAsNonRoot') !== true)
          hits.push({
            field: `${path}.securityContext.runAsNonRoot`,
            message: `must be true (on the container or the pod); got ${q(effective(c, t, 'runAsNonRoot'))}`,
          });
        if (effective(c, t, 'runAsUser') === 0) hits.push({ field: `${path}.securityContext.runAsUser`, message: 'must not be 0 (root); got 0' });
        return hits;
      }),
  },
  {
    id: 'pss-no-privilege-escalation',
    rationale: 'Restricted Pod Security Standard: setuid binaries and privileged containers turn a compromise into node access.',
    fix: 'use container() from the workload kit (allowPrivilegeEscalation: false, privileged: false)',
    check: (l) =>
      perContainer(l, (c, path) => [
        ...(c.securityContext?.allowPrivilegeEscalation !== false
          ? [{ field: `${path}.securityContext.allowPrivilegeEscalation`, message: `must be false; got ${q(c.securityContext?.allowPrivilegeEscalation)}` }]
          : []),
        ...(c.securityContext?.privileged === true ? [{ field: `${path}.securityContext.privileged`, message: 'must not be true; got true' }] : []),
      ]),
  },
  {
    id: 'pss-drop-all-capabilities',
    rationale: 'Restricted Pod Security Standard: Linux capabilities grant slices of root; a service needs none of them (at most NET_BIND_SERVICE).',
    fix: "drop ['ALL'] (container() does) and add back only NET_BIND_SERVICE",
    check: (l) =>
      perContainer(l, (c, path) => {
        const caps = c.securityContext?.capabilities ?? {};
        const hits: RuleHit[] = [];
        if (!(caps.drop ?? []).includes('ALL'))
          hits.push({ field: `${path}.securityContext.capabilities.drop`, message: `must include "ALL"; got ${q(caps.drop)}` });
        const extra = ((caps.add ?? []) as string[]).filter((x) => x !== 'NET_BIND_SERVICE');
        if (extra.length) hits.push({ field: `${path}.securityContext.capabilities.add`, message: `may only add NET_BIND_SERVICE; got ${q(extra)}` });
        return hits;
      }),
  },
  {
    id: 'pss-seccomp',
    rationale: 'Restricted Pod Security Standard: the RuntimeDefault seccomp profile blocks the syscalls container escapes rely on.',
    fix: "set seccompProfile { type: 'RuntimeDefault' } on the pod (restrictedPodSecurityContext does)",
    check: (l) =>
      perContainer(l, (c, path, _init, t) => {
        const type = (effective(c, t, 'seccompProfile') as Json | undefined)?.type;
        return type === 'RuntimeDefault' || type === 'Localhost'
          ? []
          : [
              {
                field: `${path}.securityContext.seccompProfile.type`,
                message: `must be RuntimeDefault or Localhost (on the container or the pod); got ${q(type)}`,
              },
            ];
      }),
  },
  {
    id: 'read-only-root-filesystem',
    rationale:
      'An attacker or a bug cannot alter the program or plant files when the image filesystem is read-only; writable paths are explicit, bounded volumes.',
    fix: 'mount an emptyDir (scratchVolume) where the program writes, or declare writableRootFilesystem: { reason } on the container',
    check: (l) =>
      perContainer(l, (c, path) =>
        c.securityContext?.readOnlyRootFilesystem === true
          ? []
          : [{ field: `${path}.securityContext.readOnlyRootFilesystem`, message: `must be true; got ${q(c.securityContext?.readOnlyRootFilesystem)}` }],
      ),
  },
  {
    id: 'resource-requests',
    rationale: 'The scheduler places pods by their requests; without them a node is overcommitted and pods are evicted first.',
    fix: 'give the container a ResourceSpec with requests { cpu, memory }',
    check: (l) =>
      perContainer(l, (c, path) =>
        (['cpu', 'memory'] as const)
          .filter((r) => c.resources?.requests?.[r] === undefined)
          .map((r) => ({ field: `${path}.resources.requests.${r}`, message: 'must be set; got unset' })),
      ),
  },
  {
    id: 'memory-limit',
    rationale: 'Memory is not compressible: a container without a limit can exhaust its node and take its neighbours down.',
    fix: 'give the container a ResourceSpec with limits { memory }',
    check: (l) =>
      perContainer(l, (c, path) =>
        c.resources?.limits?.memory === undefined ? [{ field: `${path}.resources.limits.memory`, message: 'must be set; got unset' }] : [],
      ),
  },
  {
    id: 'distinct-probes',
    rationale: 'Liveness restarts a container, readiness only takes it out of rotation: one probe for both restarts pods that are merely busy.',
    fix: 'give long-running containers HealthProbes with a cheap, patient liveness probe and a readiness probe on the real health endpoint',
    check: (l) =>
      perContainer(l, (c, path, init) => {
        if (init) return [];
        const hits: RuleHit[] = [];
        if (!c.livenessProbe) hits.push({ field: `${path}.livenessProbe`, message: 'must be set; got unset' });
        if (!c.readinessProbe) hits.push({ field: `${path}.readinessProbe`, message: 'must be set; got unset' });
        if (c.livenessProbe && c.readinessProbe && JSON.stringify(c.livenessProbe) === JSON.stringify(c.readinessProbe)) {
          hits.push({ field: `${path}.livenessProbe`, message: `must differ from the readiness probe; both are ${q(c.livenessProbe)}` });
        }
        return hits;
      }),
  },
  {
    id: 'pinned-image',
    rationale: 'A moving tag deploys different code on every pull: rollbacks and audits become guesswork.',
    fix: 'pin a released tag (or a digest) in constructs/common/images.ts',
    check: (l) =>
      perContainer(l, (c, path) => {
        const image = String(c.image ?? '');
        if (image.includes('@sha256:')) return [];
        const tag = /:([^/:]+)$/.exec(image)?.[1];
        return tag && tag !== 'latest' ? [] : [{ field: `${path}.image`, message: `must name a pinned tag or digest, not "latest" or none; got ${q(image)}` }];
      }),
  },
  {
    id: 'no-secret-data',
    rationale:
      'Committed YAML is readable by everyone with the repository: secret values belong in Secrets created from encrypted config, referenced by name and key.',
    fix: 'reference the Secret with requireSecret/secretEnv; create it from `pulumi config --secret` or a secret operator',
    check: (l) => {
      const o = l.object as Json;
      if (o.kind === 'Secret' && o.apiVersion === 'v1')
        return [{ field: o.data ? 'data' : 'stringData', message: 'a Secret must not be committed; got a Secret object' }];
      return perContainer(l, (c, path) =>
        ((c.env ?? []) as Json[]).flatMap((e, i) =>
          /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)/i.test(e.name) && typeof e.value === 'string' && e.value !== ''
            ? [{ field: `${path}.env[${i}].value`, message: `${e.name} must come from a Secret (valueFrom.secretKeyRef), not a literal value` }]
            : [],
        ),
      );
    },
  },
  {
    id: 'no-wildcard-rbac',
    rationale: 'A "*" grants every current and future verb, resource or API group: least privilege cannot be reviewed.',
    fix: 'list the API groups, resources and verbs the program needs',
    check: (l) => {
      const o = l.object as Json;
      if (!['Role', 'ClusterRole'].includes(o.kind)) return [];
      return ((o.rules ?? []) as Json[]).flatMap((r, i) =>
        (['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const)
          .filter((f) => (r[f] ?? []).includes('*'))
          .map((f) => ({ field: `rules[${i}].${f}`, message: `must not contain "*"; got ${q(r[f])}` })),
      );
    },
  },
  {
    id: 'no-cluster-admin',
    rationale: 'cluster-admin is every permission in every namespace: no platform component needs it.',
    fix: 'bind a Role with the permissions the component needs, in its own namespace',
    check: (l) => {
      const o = l.object as Json;
      if (!['RoleBinding', 'ClusterRoleBinding'].includes(o.kind)) return [];
      return o.roleRef?.name === 'cluster-admin' ? [{ field: 'roleRef.name', message: 'must not be "cluster-admin"; got "cluster-admin"' }] : [];
    },
  },
  {
    id: 'no-host-path',
    rationale: "A hostPath volume reaches the node's filesystem: a container can read other pods' data or the kubelet's credentials.",
    fix: 'use a PersistentVolumeClaim, an emptyDir or a ConfigMap',
    check: (l) => {
      const t = podTemplateOf(l.object);
      if (!t) return [];
      return ((t.spec.volumes ?? []) as Json[]).flatMap((v, i) =>
        v.hostPath ? [{ field: `${podSpecPath(t)}.volumes[${i}].hostPath`, message: `must not be used; got ${q(v.hostPath)}` }] : [],
      );
    },
  },
  {
    id: 'no-host-namespaces',
    rationale: "hostNetwork, hostPID and hostIPC share the node's namespaces: NetworkPolicies stop applying and other processes become visible.",
    fix: 'remove hostNetwork/hostPID/hostIPC; expose the program through a Service',
    check: (l) => {
      const t = podTemplateOf(l.object);
      if (!t) return [];
      return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
        .filter((f) => t.spec[f] === true)
        .map((f) => ({ field: `${podSpecPath(t)}.${f}`, message: 'must not be true; got true' }));
    },
  },
  {
    id: 'no-host-port',
    rationale: 'A hostPort binds a port on the node: it bypasses Services and NetworkPolicies and limits scheduling to one pod per node.',
    fix: 'remove hostPort; expose the port through a Service (ClusterIP, LoadBalancer) or an Ingress',
    check: (l) =>
      perContainer(l, (c, path) =>
        ((c.ports ?? []) as Json[]).flatMap((p, i) =>
          p.hostPort !== undefined && p.hostPort !== 0 ? [{ field: `${path}.ports[${i}].hostPort`, message: `must not be set; got ${p.hostPort}` }] : [],
        ),
      ),
  },
  {
    id: 'service-account-token',
    rationale: 'A mounted API token is a credential for the Kubernetes API: only pods that call the API should carry one.',
    fix: 'set automountServiceAccountToken: false on the pod (or on its ServiceAccount), or add a justified exception',
    check: (l, ctx) => {
      const t = podTemplateOf(l.object);
      if (!t) return [];
      const field = `${podSpecPath(t)}.automountServiceAccountToken`;
      if (t.spec.automountServiceAccountToken === false) return [];
      if (t.spec.automountServiceAccountToken === true) return [{ field, message: 'must be false; got true' }];
      const account = t.spec.serviceAccountName ?? 'default';
      const sa = ctx.all.find((x) => x.namespace === l.namespace && x.object.kind === 'ServiceAccount' && x.object.metadata.name === account)?.object as
        Json | undefined;
      return sa?.automountServiceAccountToken === false
        ? []
        : [{ field, message: `must be false (ServiceAccount ${q(account)} does not disable it); got unset` }];
    },
  },
  {
    id: 'hpa-owns-replicas',
    rationale:
      'A HorizontalPodAutoscaler writes spec.replicas of its target; a count declared in the manifest is re-applied by Argo CD self-heal and every pulumi up, fighting the autoscaler and killing pods mid-work.',
    fix: 'leave spec.replicas unset on a workload an HPA scales (the HPA applies minReplicas); declare a count only for fixed-size workloads',
    check: (l, ctx) => {
      const o = l.object as Json;
      if (!['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind) || o.spec?.replicas === undefined) return [];
      const hpa = scalingAutoscalerOf(l, ctx.all);
      return hpa
        ? [{ field: 'spec.replicas', message: `must be unset: HorizontalPodAutoscaler ${q(hpa.object.metadata.name)} scales it; got ${q(o.spec.replicas)}` }]
        : [];
    },
  },
  {
    id: 'prod-https',
    rationale:
      'In production, logins, API tokens and session cookies cross the network to every user-facing endpoint: served over plain HTTP they can be read and replayed by anyone on the path.',
    fix: "terminate TLS in the workload with a certificate from a Secret (exposure tls: true: Jenkins' Winstone HTTPS connector, Grafana's server.protocol https) or list the Ingress host under spec.tls",
    check: (l, ctx) => {
      const o = l.object as Json;
      if (!ctx.production) return [];
      if (o.apiVersion === 'v1' && o.kind === 'Service' && o.spec?.type === 'LoadBalancer') {
        return ((o.spec.ports ?? []) as Json[]).flatMap((p, i) =>
          plainHttp(p)
            ? [
                {
                  field: `spec.ports[${i}]`,
                  message: `must serve HTTPS to users (name or appProtocol https); got ${q({ name: p.name, port: p.port, appProtocol: p.appProtocol })}`,
                },
              ]
            : [],
        );
      }
      if (o.kind === 'Ingress' && String(o.apiVersion).startsWith('networking.k8s.io/')) {
        const covered = new Set(((o.spec?.tls ?? []) as Json[]).flatMap((t) => t.hosts ?? []));
        return ((o.spec?.rules ?? []) as Json[]).flatMap((r, i) =>
          covered.has(r.host) ? [] : [{ field: `spec.rules[${i}].host`, message: `must be listed under spec.tls (HTTPS); got ${q(r.host)}` }],
        );
      }
      return [];
    },
  },
  {
    id: 'prod-disruption-budget',
    rationale: 'In production a node drain may evict every replica at once unless a PodDisruptionBudget limits it.',
    fix: 'add a PodDisruptionBudget (workload kit) selecting the pods, e.g. maxUnavailable: 1',
    check: (l, ctx) => {
      if (!ctx.production || !CONTROLLERS.includes(l.object.kind) || maxReplicasOf(l, ctx.all) < 2) return [];
      const t = podTemplateOf(l.object)!;
      const covered = ctx.all.some(
        (x) => x.namespace === l.namespace && x.object.kind === 'PodDisruptionBudget' && selects((x.object as Json).spec?.selector?.matchLabels, t.labels),
      );
      return covered
        ? []
        : [{ field: 'metadata.name', message: `runs up to ${maxReplicasOf(l, ctx.all)} replicas but no PodDisruptionBudget selects its pods` }];
    },
  },
  {
    id: 'prod-spread',
    rationale: 'Replicas on one node or zone fail together: production replicas are spread across nodes and zones.',
    fix: 'add topologySpread(selector) from the workload kit to the pod template (or pod anti-affinity)',
    check: (l, ctx) => {
      if (!ctx.production || !CONTROLLERS.includes(l.object.kind) || maxReplicasOf(l, ctx.all) < 2) return [];
      const t = podTemplateOf(l.object)!;
      const spread = ((t.spec.topologySpreadConstraints ?? []) as Json[]).some((c) => selects(c.labelSelector?.matchLabels, t.labels));
      const anti = [
        ...(t.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        ...(t.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p: Json) => p.podAffinityTerm),
      ].some((term: Json) => selects(term?.labelSelector?.matchLabels, t.labels));
      return spread || anti
        ? []
        : [
            {
              field: `${podSpecPath(t)}.topologySpreadConstraints`,
              message: `must spread the ${maxReplicasOf(l, ctx.all)} replicas (topology spread or pod anti-affinity selecting its pods); got none`,
            },
          ];
    },
  },
  {
    id: 'data-protection',
    rationale: 'Volumes hold data no deploy may lose: Argo CD must never prune or delete them, and a stack destroy must keep them.',
    fix: 'take the volume from statefulSetStorage() or podStorage() in constructs/common/storage.ts (and deleteClaim: false for Kafka storage)',
    check: (l) => {
      const o = l.object as Json;
      if (!holdsDataByShape(o) && o.metadata?.annotations?.[HOLDS_DATA_ANNOTATION] === undefined) return [];
      const hits = missingProtection('metadata.annotations', o.metadata?.annotations);
      if (o.kind === 'StatefulSet' && isStatefulSetWithClaims(o)) {
        const retention = o.spec.persistentVolumeClaimRetentionPolicy;
        if (retention?.whenDeleted !== 'Retain' || retention?.whenScaled !== 'Retain') {
          hits.push({ field: 'spec.persistentVolumeClaimRetentionPolicy', message: `must retain claims when deleted and when scaled; got ${q(retention)}` });
        }
        (o.spec.volumeClaimTemplates as Json[]).forEach((v, i) =>
          hits.push(...missingProtection(`spec.volumeClaimTemplates[${i}].metadata.annotations`, v.metadata?.annotations)),
        );
      }
      if (isKafkaStorageOwner(o)) {
        const storage = o.spec.storage;
        if (storage.deleteClaim === true) hits.push({ field: 'spec.storage.deleteClaim', message: 'must not be true; got true' });
        ((storage.volumes ?? []) as Json[]).forEach((v, i) => {
          if (v.deleteClaim === true) hits.push({ field: `spec.storage.volumes[${i}].deleteClaim`, message: 'must not be true; got true' });
        });
      }
      return hits;
    },
  },
  {
    id: 'namespace-default-deny',
    rationale: 'With network isolation on, a namespace admits only the traffic its wiring declares: everything else is denied by default, in and out.',
    fix: 'set networkIsolation: true for the environment; stacks/platform.ts then generates the policies from the recorded flows',
    check: (l, ctx) => {
      if (!ctx.networkIsolation || l.object.kind !== 'Namespace') return [];
      const ns = l.object.metadata.name;
      const denies = ctx.all.some((x) => {
        const s = (x.object as Json).spec;
        return (
          x.object.kind === 'NetworkPolicy' &&
          x.namespace === ns &&
          Object.keys(s?.podSelector?.matchLabels ?? {}).length === 0 &&
          !s?.podSelector?.matchExpressions &&
          ['Ingress', 'Egress'].every((p) => (s?.policyTypes ?? []).includes(p)) &&
          (s?.ingress ?? []).length === 0 &&
          (s?.egress ?? []).length === 0
        );
      });
      return denies
        ? []
        : [
            {
              field: 'metadata.name',
              message: `namespace ${q(ns)} must have a default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules); got none`,
            },
          ];
    },
  },
];

/** A Service port that declares plain HTTP by its name or application protocol (Kubernetes `appProtocol`). */
function plainHttp(p: Json): boolean {
  const declared = [p.name, p.appProtocol].filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
  return (
    declared.some((v) => v === 'http' || v.startsWith('http-') || v === 'kubernetes.io/h2c') && !declared.some((v) => v === 'https' || v.startsWith('https-'))
  );
}

function missingProtection(field: string, annotations: Json | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  const sync = String(annotations?.[ARGOCD_SYNC_OPTIONS] ?? '').split(',');
  if (!sync.includes('Prune=false') || !sync.includes('Delete=false')) {
    hits.push({
      field: `${field}["${ARGOCD_SYNC_OPTIONS}"]`,
      message: `must include Prune=false and Delete=false; got ${q(annotations?.[ARGOCD_SYNC_OPTIONS])}`,
    });
  }
  if (annotations?.[HOLDS_DATA_ANNOTATION] !== 'true')
    hits.push({ field: `${field}["${HOLDS_DATA_ANNOTATION}"]`, message: `must be "true"; got ${q(annotations?.[HOLDS_DATA_ANNOTATION])}` });
  return hits;
}

const isStatefulSetWithClaims = (o: Json) => o.apiVersion === 'apps/v1' && o.kind === 'StatefulSet' && (o.spec?.volumeClaimTemplates ?? []).length > 0;
/** Strimzi Kafka node pools (and Kafka clusters) whose storage is persistent claims. */
const isKafkaStorageOwner = (o: Json) =>
  String(o.apiVersion).startsWith('kafka.strimzi.io/') &&
  (o.kind === 'KafkaNodePool' || o.kind === 'Kafka') &&
  (o.spec?.storage?.type === 'persistent-claim' ||
    (o.spec?.storage?.type === 'jbod' && (o.spec.storage.volumes ?? []).some((v: Json) => v.type === 'persistent-claim')));

/** A Strimzi Kafka cluster: deleting it stops every broker of its node pools, whatever their storage. */
const isKafkaCluster = (o: Json) => String(o.apiVersion).startsWith('kafka.strimzi.io/') && o.kind === 'Kafka';

/**
 * What holds data, by its shape: PersistentVolumeClaims, StatefulSets with claim templates,
 * Kafka clusters and Kafka storage on persistent claims. Such objects must carry the
 * data-protection annotations.
 */
export function holdsDataByShape(o: Json): boolean {
  return (o.apiVersion === 'v1' && o.kind === 'PersistentVolumeClaim') || isStatefulSetWithClaims(o) || isKafkaCluster(o) || isKafkaStorageOwner(o);
}

export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((r) => r.id === id);
}
