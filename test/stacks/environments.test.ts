import { containerOf, find } from '../support/harness';
import { namespacedEnvironments, objectsOf, renderedEnvironments } from '../support/environments';
import { environmentNames } from '../../stacks/environments';

describe('environments', () => {
  test('names are unique, namespace-agnostic environments come last', () => {
    const names = environmentNames();
    expect(new Set(names).size).toBe(names.length);
    const namespaced = namespacedEnvironments();
    expect(names.slice(0, namespaced.length)).toEqual(namespaced);
  });

  describe.each(namespacedEnvironments())('%s', (env) => {
    const objects = objectsOf(env, 'ci');
    const sts = find(objects, 'StatefulSet', 'jenkins');

    test('has the Jenkins controller with its PVC, distinct probes, agent HPA, RBAC and Services', () => {
      expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('jenkins-home');
      const c = containerOf(sts, 'jenkins');
      expect(new Set([c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => JSON.stringify(p))).size).toBe(3);
      expect(find(objects, 'HorizontalPodAutoscaler', 'jenkins-swarm-agent').spec.scaleTargetRef.name).toBe('jenkins-swarm-agent');
      for (const [kind, name] of [
        ['ServiceAccount', 'jenkins'],
        ['Role', 'jenkins'],
        ['RoleBinding', 'jenkins'],
        ['Service', 'jenkins'],
        ['Service', 'jenkins-inbound'],
      ]) {
        expect(find(objects, kind, name).metadata.namespace).toBe(`${env}-ci`);
      }
    });

    test('creates its namespace with the restricted Pod Security Standard enforced', () => {
      const ns = find(objects, 'Namespace', `${env}-ci`);
      expect(ns.metadata.namespace).toBeUndefined();
      expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    test('every image is pinned to a tag', () => {
      const images = JSON.stringify(objects).match(/"image":"[^"]+"/g) ?? [];
      expect(images.length).toBeGreaterThan(0);
      for (const i of images) expect(i).toMatch(/:[0-9][^":]*"$/);
    });

    test('every object of every chart carries the recommended labels', () => {
      for (const o of objectsOf(env).filter((x) => x.kind !== 'Namespace')) {
        expect(Object.keys(o.metadata.labels)).toEqual(
          expect.arrayContaining([
            'app.kubernetes.io/name',
            'app.kubernetes.io/instance',
            'app.kubernetes.io/version',
            'app.kubernetes.io/component',
            'app.kubernetes.io/part-of',
            'app.kubernetes.io/managed-by',
          ]),
        );
      }
    });
  });

  test('prod: bigger volume, agents scale to 10, disruption budget and generated network isolation', () => {
    const objects = objectsOf('prod', 'ci');
    expect(find(objects, 'StatefulSet', 'jenkins').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('200Gi');
    expect(find(objects, 'HorizontalPodAutoscaler', 'jenkins-swarm-agent').spec.maxReplicas).toBe(10);
    expect(find(objects, 'PodDisruptionBudget', 'jenkins-swarm-agent').spec.maxUnavailable).toBe(1);
    // Generated from the wiring (charts/network-isolation.ts), not the construct's own policies.
    expect(
      objects
        .filter((o) => o.kind === 'NetworkPolicy')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual([
      'allow-dns',
      'default-deny',
      'jenkins-controller-egress',
      'jenkins-controller-ingress',
      'jenkins-kubernetes-agent-egress',
      'jenkins-swarm-agent-egress',
    ]);
  });

  test('dev: small and without PDB or network policies', () => {
    const objects = objectsOf('dev', 'ci');
    expect(find(objects, 'StatefulSet', 'jenkins').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    expect(find(objects, 'HorizontalPodAutoscaler', 'jenkins-swarm-agent').spec.maxReplicas).toBe(2);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('environments override only what differs (staging keeps the base controller size)', () => {
    const c = containerOf(find(objectsOf('staging', 'ci'), 'StatefulSet', 'jenkins'), 'jenkins');
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '3Gi' }, limits: { memory: '3Gi' } });
  });

  test('no Secret objects and no credentials appear in any environment', () => {
    for (const r of renderedEnvironments()) {
      for (const [file, content] of r.files) {
        expect(`${file}: ${content}`).not.toMatch(/^kind: Secret$/m);
        // existingSecretAdminPassword names a Secret (Harbor chart value), it holds no password.
        expect(content).not.toMatch(/(?<!existingSecretAdmin)password:[ \t]*(?!\$\{)[^\s]+/i);
      }
    }
  });
});
