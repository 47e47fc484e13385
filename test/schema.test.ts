import { validateCustomResource } from '../cli/validation/crd-schema';
import { validateKubernetesObject } from '../cli/validation/kubernetes-schema';
import { validateObject } from '../cli/validation/schemas';
import { renderedEnvironments } from './support/environments';

describe('schemas: Kubernetes 1.36 and the upstream CRDs', () => {
  const cases = renderedEnvironments().flatMap((r) => [
    ...r.charts.flatMap((c) => c.objects.map((o) => [`${r.env}/${c.name}/${o.kind}/${o.metadata.name}`, o] as const)),
  ]);

  test.each(cases)('%s is valid, with no unknown fields', (_id, o) => {
    expect(validateObject(o)).toEqual([]);
  });

  test('the validator rejects unknown fields, wrong types and missing required fields', () => {
    const errors = validateKubernetesObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', labelz: {} },
      spec: { replicas: 'two', template: { spec: { containers: [{ image: 'nginx:1.29.3' }] } } },
    } as never);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'metadata.labelz', message: 'is not a known field' },
        { path: 'spec.replicas', message: 'must be of type integer, got string' },
        { path: 'spec.selector', message: 'is required' },
        { path: 'spec.template.spec.containers[0].name', message: 'is required' },
      ]),
    );
  });

  test('an unknown kind is reported', () => {
    expect(validateKubernetesObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([
      { path: '', message: 'example.com/v1/Widget is not a Kubernetes 1.36.0 kind' },
    ]);
  });

  test('custom resources are checked against their CRD, strictly', () => {
    expect(
      validateCustomResource({
        apiVersion: 'network.kubesphere.io/v1alpha2',
        kind: 'Eip',
        metadata: { name: 'pool', namespace: 'oops' },
        spec: { address: '192.0.2.10-192.0.2.20', protocol: 'layer2', bogus: true },
      } as never),
    ).toEqual([
      { path: 'metadata.namespace', message: 'must not be set on a cluster-scoped kind' },
      { path: 'spec.bogus', message: 'is not a known field' },
    ]);
  });

  test('an object with no schema at all is reported', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([
      { path: '', message: 'example.com/v1/Widget is neither a Kubernetes 1.36.0 kind nor a vendored custom resource' },
    ]);
  });
});
