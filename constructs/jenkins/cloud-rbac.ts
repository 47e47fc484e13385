import { Construct } from 'constructs';
import { k8s } from '../k8s';

export interface JenkinsCloudRbacProps {
  /** Name of the controller's ServiceAccount, Role and RoleBinding. */
  readonly name: string;
  /** Name of the (permission-less) ServiceAccount that agent pods run as. */
  readonly agentServiceAccountName: string;
  readonly labels: Record<string, string>;
}

/**
 * Least-privilege access for the Kubernetes cloud: the controller may manage pods in its own
 * namespace (to start agents, exec into their containers and read their logs) and read events
 * for diagnostics; nothing cluster-wide, no Secrets. Agent pods get an account with no rights.
 */
export const KUBERNETES_CLOUD_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

export class JenkinsCloudRbac extends Construct {
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: JenkinsCloudRbacProps) {
    super(scope, id);
    this.serviceAccountName = props.name;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: props.name, labels: props.labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeServiceAccount(this, 'AgentServiceAccount', {
      metadata: { name: props.agentServiceAccountName, labels: props.labels },
      automountServiceAccountToken: false,
    });
    new k8s.KubeRole(this, 'Role', {
      metadata: { name: props.name, labels: props.labels },
      rules: KUBERNETES_CLOUD_RULES.map((r) => ({ ...r, apiGroups: [...(r.apiGroups ?? [])], resources: [...(r.resources ?? [])], verbs: [...r.verbs] })),
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: props.name, labels: props.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      // No namespace: a RoleBinding's ServiceAccount subject defaults to the binding's namespace,
      // which keeps the output namespace-agnostic (PR previews).
      subjects: [{ kind: 'ServiceAccount', name: props.name }],
    });
  }
}
