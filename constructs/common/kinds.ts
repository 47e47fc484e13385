/** Kinds that live outside namespaces (keyed `group/Kind`, core group empty). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  '/Namespace',
  '/PersistentVolume',
  '/Node',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'storage.k8s.io/StorageClass',
  'networking.k8s.io/IngressClass',
  'scheduling.k8s.io/PriorityClass',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'apiregistration.k8s.io/APIService',
  'network.kubesphere.io/Eip',
  'network.kubesphere.io/BgpConf',
  'network.kubesphere.io/BgpPeer',
]);

export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(`${apiGroupOf(apiVersion)}/${kind}`);
}

/**
 * Name of a cluster-scoped object that belongs to a namespaced component (a ClusterRole and its
 * binding): prefixed with the namespace, so environments sharing a cluster never overwrite
 * each other's objects.
 */
export function clusterScopedName(namespace: string, name: string): string {
  return `${namespace}-${name}`;
}
