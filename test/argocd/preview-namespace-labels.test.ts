import { find, Obj } from '../support/harness';
import { objectsOf, renderedEnvironments } from '../support/environments';
import { PREVIEW_NAMESPACE_SELECTOR } from '../../stacks/secret-stores';

/**
 * A preview namespace gets the labels of every chart namespace plus the preview marker: the Pod
 * Security `warn` and `audit` levels too (Kubernetes Pod Security Admission reads the three modes
 * from separate labels, pod-security.kubernetes.io/<mode>; kubernetes.io docs, "Pod Security
 * Admission", v1.25+), so a preview reports a violation as a chart namespace does.
 */
test('the ApplicationSet creates preview namespaces with the chart namespaces labels and the marker the preview store selects', () => {
  const appSet = objectsOf('dev', 'argocd').find((o) => o.kind === 'ApplicationSet')!;
  const labels = appSet.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels;
  const chartNamespace = find(objectsOf('dev', 'ci'), 'Namespace', 'dev-ci').metadata.labels;
  expect(labels).toEqual({ ...chartNamespace, ...PREVIEW_NAMESPACE_SELECTOR });
});

/**
 * The same three modes on every namespace keelson creates whose pods meet the restricted level,
 * whoever creates it: a chart, Argo CD for an upstream release (managedNamespaceMetadata), the
 * PR preview ApplicationSet or the deployer of namespace-agnostic output. A namespace labelled
 * only `enforce` rejects a violating pod without the `warn` response header or audit annotation
 * the others give (Pod Security Admission, kubernetes.io docs, v1.25+).
 */
test('every namespace enforcing the restricted level also warns and audits at it, release namespaces included', () => {
  const RESTRICTED = {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'latest',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  };
  const labelSets = renderedEnvironments().flatMap((r) => [
    ...r.namespaces.map((n) => [`${r.env} namespace ${n.name}`, n.labels] as const),
    ...(r.deployerNamespaceLabels ? [[`${r.env} deployer namespace`, r.deployerNamespaceLabels] as const] : []),
    ...r.charts
      .flatMap((c) => [...c.objects] as Obj[])
      .map((o) => [o, o.spec?.syncPolicy?.managedNamespaceMetadata?.labels ?? o.spec?.template?.spec?.syncPolicy?.managedNamespaceMetadata?.labels] as const)
      .filter(([, labels]) => labels !== undefined)
      .map(([o, labels]) => [`${r.env} ${o.kind} ${o.metadata.name}`, labels] as const),
  ]);
  const restricted = labelSets.filter(([, labels]) => labels['pod-security.kubernetes.io/enforce'] === 'restricted');
  expect(restricted.some(([where]) => where.includes('Application') && where.includes('external-secrets'))).toBe(true);
  for (const [where, labels] of restricted) expect([where, labels]).toEqual([where, expect.objectContaining(RESTRICTED)]);
});
