import { find } from '../support/harness';
import { objectsOf } from '../support/environments';
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
