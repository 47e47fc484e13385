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
