import { Chart } from 'cdk8s';
import { NetworkPolicy, peers } from '../../constructs/common/network-policy';
import { Obj, synthesize } from '../support/harness';
import { renderedEnvironments } from '../support/environments';

/**
 * The API server stores built-in kinds through Go structs whose lists and string maps are
 * `omitempty`: an empty list or an empty `matchLabels` sent by server-side apply is dropped on
 * storage, so the next apply "adds" it again, bumps the generation and never converges (found by
 * `npm run e2e` against a real kube-apiserver). Custom resources keep what they receive.
 */
const STRING_MAPS = new Set(['matchLabels', 'labels', 'annotations', 'nodeSelector', 'data', 'binaryData']);

function isBuiltIn(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/** Paths of empty lists and empty string maps inside a value. */
function droppedOnStorage(value: unknown, path: string): string[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => droppedOnStorage(v, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = `${path}.${k}`;
      if (STRING_MAPS.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return [p];
      return droppedOnStorage(v, p);
    });
  }
  return [];
}

describe('storage round trip of built-in kinds', () => {
  test('no object of any environment carries an empty list or an empty string map', () => {
    const found: string[] = [];
    for (const env of renderedEnvironments()) {
      for (const chart of env.charts) {
        for (const o of [...chart.objects] as Obj[]) {
          if (!isBuiltIn(o.apiVersion)) continue;
          for (const p of droppedOnStorage(o, '')) found.push(`${env.env}/${chart.name} ${o.kind}/${o.metadata.name}${p}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  test('a deny-all NetworkPolicy selects all pods with {} and relies on policyTypes alone', () => {
    const [np] = synthesize((c: Chart) => {
      new NetworkPolicy(c, 'Deny', { name: 'default-deny', labels: {}, podSelector: {}, ingress: [], egress: [] });
    });
    expect(np.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('peers with no labels select everything with {} instead of an empty matchLabels', () => {
    const [np] = synthesize((c: Chart) => {
      new NetworkPolicy(c, 'Any', {
        name: 'any-namespace',
        labels: {},
        podSelector: { app: 'x' },
        ingress: [{ peers: [peers.namespace({}), peers.pods({})], ports: [{ port: 80 }] }],
      });
    });
    expect(np.spec.podSelector).toEqual({ matchLabels: { app: 'x' } });
    expect(np.spec.ingress[0].from).toEqual([{ namespaceSelector: {} }, { podSelector: {} }]);
  });
});
