/**
 * Every policy exception, in one place. An entry waives one rule for one object (in every
 * environment unless `environments` narrows it) and must say why; `keelson validate` lists each
 * waived finding with its reason, and reports an entry that no longer matches anything.
 *
 * Constructs may also declare a per-container exception next to the code that needs it
 * (`writableRootFilesystem: { reason }` in the workload kit): it is written to the pod template as
 * a `keelson.io/security-exception.<container>.<kind>` annotation, and ANNOTATION_RULES below says
 * which rule each kind of annotation waives.
 */
import { EXCEPTION_ANNOTATION_PREFIX } from '../../../constructs/common/security';

export interface PolicyException {
  readonly rule: string;
  readonly chart: string;
  readonly kind: string;
  readonly name: string;
  /** @default every environment */
  readonly environments?: readonly string[];
  readonly reason: string;
}

/** Namespaces whose pods upstream software creates, where generated isolation is off (KeelsonChart `workloads: 'upstream'`). */
const UPSTREAM_NAMESPACES: readonly { readonly chart: string; readonly reason: string }[] = [
  {
    chart: 'messaging',
    reason:
      "Kafka's pods are created by the Strimzi operator, which writes NetworkPolicies for the listeners it opens; broker, controller and operator traffic is not in keelson's wiring, and a default deny would cut replication",
  },
  {
    chart: 'registry',
    reason:
      "Harbor's pods and Services come from the upstream Helm chart; their traffic (core, registry, database, Redis, Trivy, the load balancer) is not in keelson's wiring, and a default deny would cut it",
  },
];

/** What the namespace exceptions are derived from: each environment's isolation and rendered charts. */
export interface ExceptionSubject {
  readonly env: string;
  readonly networkIsolation: boolean;
  readonly charts: readonly { readonly name: string; readonly namespace?: string }[];
}

/**
 * The exceptions for a set of rendered environments: in each isolated environment, the namespace
 * of every rendered upstream chart, then the exceptions that hold everywhere.
 */
export function policyExceptions(subjects: readonly ExceptionSubject[]): PolicyException[] {
  const namespaces = subjects
    .filter((s) => s.networkIsolation)
    .flatMap((s) =>
      UPSTREAM_NAMESPACES.flatMap(({ chart, reason }) =>
        s.charts
          .filter((c) => c.name === chart && c.namespace !== undefined)
          .map((c) => ({ rule: 'namespace-default-deny', chart, kind: 'Namespace', name: c.namespace as string, environments: [s.env], reason })),
      ),
    );
  return [...namespaces, ...POLICY_EXCEPTIONS];
}

/** The exceptions that hold in every environment. */
export const POLICY_EXCEPTIONS: readonly PolicyException[] = [
  {
    rule: 'service-account-token',
    chart: 'ci',
    kind: 'StatefulSet',
    name: 'jenkins',
    reason:
      "the Jenkins controller's Kubernetes cloud starts and watches agent pods through the API server with this token (its Role allows only pods, pods/exec, pods/log and events)",
  },
  {
    rule: 'service-account-token',
    chart: 'logging',
    kind: 'DaemonSet',
    name: 'alloy',
    reason:
      'Alloy discovers the pods of its node and tails their logs through the API server (its ClusterRole allows only get, list and watch on pods and pods/log), which is what spares it root and host paths',
  },
  {
    rule: 'service-account-token',
    chart: 'tracing',
    kind: 'DaemonSet',
    name: 'otel-agent',
    reason:
      "the collector agent's k8sattributes processor reads pod, namespace and ReplicaSet metadata from the API server to label spans (its ClusterRole is read-only)",
  },
];

/** Which rule a construct-declared exception annotation waives. */
export const ANNOTATION_RULES: Readonly<Record<string, string>> = {
  'writable-root-filesystem': 'read-only-root-filesystem',
};

export { EXCEPTION_ANNOTATION_PREFIX };

/** The reason a construct declared on the pod template for this rule and container, if any. */
export function annotationException(annotations: Record<string, string>, rule: string, container: string | undefined): string | undefined {
  if (container === undefined) return undefined;
  for (const [kind, waived] of Object.entries(ANNOTATION_RULES)) {
    const reason = annotations[`${EXCEPTION_ANNOTATION_PREFIX}${container}.${kind}`];
    if (waived === rule && reason !== undefined) return reason;
  }
  return undefined;
}
