import { validateKubernetesObject } from '../cli/validation/kubernetes-schema';
import { renderedEnvironments } from './support/environments';

describe('Kubernetes 1.36 schema', () => {
  const cases = renderedEnvironments().flatMap((r) => [...r.charts.flatMap((c) => c.objects.map((o) => [`${r.env}/${c.name}/${o.kind}/${o.metadata.name}`, o] as const))]);

  test.each(cases)('%s is valid, with no unknown fields', (_id, o) => {
    expect(validateKubernetesObject(o)).toEqual([]);
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
    expect(validateKubernetesObject({ apiVersion: 'example.com/v1', kind: 'Widget' })).toEqual([{ path: '', message: 'example.com/v1/Widget is not a Kubernetes 1.36.0 kind' }]);
  });
});
