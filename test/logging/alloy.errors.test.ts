import { Alloy, AlloyProps } from '../../constructs/logging/alloy';
import { scope, variant } from '../support/harness';
import { ALLOY } from '../support/observability-fixtures';

const bad = (mutate: (d: any) => void) => () => new Alloy(scope('prod'), 'alloy', variant(ALLOY, mutate) as AlloyProps);
const prefix = "alloy 'test/alloy' (prod): ";

describe('Alloy rejects bad input with the field and the value received', () => {
  test.each<[string, (d: any) => void, string]>([
    [
      'a push URL without scheme',
      (d) => (d.lokiPushUrl = 'loki:3100/loki/api/v1/push'),
      'lokiPushUrl must be an absolute http(s) URL with a path (Loki push API); got "loki:3100/loki/api/v1/push"',
    ],
    ['a missing push URL', (d) => delete d.lokiPushUrl, 'lokiPushUrl must be an absolute http(s) URL with a path (Loki push API); got nothing'],
    [
      'an invalid namespace',
      (d) => (d.namespace = 'Prod_Logging'),
      'namespace must be a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters, starting and ending alphanumeric); got "Prod_Logging"',
    ],
    [
      'a stream label from outside discovery',
      (d) => (d.streamLabels = [{ source: 'namespace', target: 'ns' }]),
      'streamLabels[0].source must be a Kubernetes discovery label (__meta_kubernetes_…); got "namespace"',
    ],
    [
      'a reserved stream label name',
      (d) => (d.streamLabels = [{ source: '__meta_kubernetes_namespace', target: '__ns' }]),
      "streamLabels[0].target must be a Loki label name (letters, digits and '_', not starting with '__'); got \"__ns\"",
    ],
    [
      'a stream label twice',
      (d) =>
        (d.streamLabels = [
          { source: '__meta_kubernetes_namespace', target: 'ns' },
          { source: '__meta_kubernetes_pod_name', target: 'ns' },
        ]),
      'streamLabels[1].target must be unique among stream labels; got "ns"',
    ],
    ['no stream labels', (d) => (d.streamLabels = []), 'streamLabels must list at least one entry; got []'],
    [
      'an external label with a dash',
      (d) => (d.externalLabels = { 'my-cluster': 'x' }),
      'externalLabels.my-cluster must be a Loki label name (letters, digits and \'_\'); got "my-cluster"',
    ],
    [
      'a memory limit below the request',
      (d) => (d.resources = { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '256Mi' } }),
      'resources.limits.memory must be at least the memory request (512Mi); got "256Mi"',
    ],
  ])('%s', (_name, mutate, message) => {
    expect(bad(mutate)).toThrow(prefix + message);
  });
});
