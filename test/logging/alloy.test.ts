import { Alloy } from '../../constructs/logging/alloy';
import { containerOf, find, kinds, synthesize } from '../support/harness';
import { ALLOY } from '../support/observability-fixtures';

const objects = synthesize((c) => new Alloy(c, 'alloy', ALLOY));
const ds = find(objects, 'DaemonSet', 'alloy');
const c = containerOf(ds, 'alloy');
const config: string = find(objects, 'ConfigMap', 'alloy-config').data['config.alloy'];

describe('Alloy', () => {
  test('is a DaemonSet with its ServiceAccount, ClusterRole and binding', () => {
    // Cluster-scoped names carry the namespace: environments sharing a cluster keep their own.
    expect(kinds(objects)).toEqual([
      'ClusterRole/prod-logging-alloy',
      'ClusterRoleBinding/prod-logging-alloy',
      'ConfigMap/alloy-config',
      'DaemonSet/alloy',
      'ServiceAccount/alloy',
    ]);
    expect(ds.spec.template.spec.serviceAccountName).toBe('alloy');
    expect(find(objects, 'ClusterRoleBinding', 'prod-logging-alloy').subjects).toEqual([{ kind: 'ServiceAccount', name: 'alloy', namespace: 'prod-logging' }]);
  });

  test('least privilege: read pods and their logs, nothing else', () => {
    expect(find(objects, 'ClusterRole', 'prod-logging-alloy').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('tails through the Kubernetes API: non-root, no host paths, read-only root filesystem', () => {
    expect(ds.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 473 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, privileged: false });
    expect(JSON.stringify(ds)).not.toContain('hostPath');
    expect(config).toContain('loki.source.kubernetes "pods" {\n  targets    = discovery.relabel.pods.output\n  forward_to = [loki.write.default.receiver]\n}');
  });

  test('discovers only the pods of its own node (node name from the downward API)', () => {
    expect(config).toContain('field = "spec.nodeName=" + sys.env("NODE_NAME")');
    expect(c.env).toContainEqual({ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  test('relabels to namespace, pod, container and app', () => {
    for (const [source, target] of [
      ['__meta_kubernetes_namespace', 'namespace'],
      ['__meta_kubernetes_pod_name', 'pod'],
      ['__meta_kubernetes_pod_container_name', 'container'],
      ['__meta_kubernetes_pod_label_app_kubernetes_io_name', 'app'],
    ]) {
      expect(config).toContain(`source_labels = ["${source}"]\n    target_label  = "${target}"`);
    }
  });

  test('ships to the push URL it was given, with external labels', () => {
    expect(config).toContain('endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }');
    expect(config).toContain('external_labels = {\n    cluster = "prod",\n  }');
  });

  test('probes Alloy’s HTTP server: /-/ready for readiness, a distinct liveness', () => {
    expect(c.args).toEqual([
      'run',
      '--server.http.listen-addr=0.0.0.0:12345',
      '--storage.path=/var/lib/alloy/data',
      '--disable-reporting',
      '/etc/alloy/config.alloy',
    ]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http', scheme: 'HTTP' });
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(new Set([c.startupProbe, c.livenessProbe, c.readinessProbe].map((p) => JSON.stringify(p))).size).toBe(3);
  });
});
