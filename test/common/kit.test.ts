import { Checks } from '../../constructs/common/errors';
import { HorizontalAutoscaler } from '../../constructs/common/autoscaling';
import { labelValue, recommendedLabels, selectorLabels } from '../../constructs/common/labels';
import { NetworkPolicy, DNS_EGRESS, peers } from '../../constructs/common/network-policy';
import { checkProbes, httpGet, renderProbe, tcpSocket } from '../../constructs/common/probes';
import { checkResources, renderResources } from '../../constructs/common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, exceptionAnnotations } from '../../constructs/common/security';
import { holdsData, statefulSetStorage, volumeClaimTemplate } from '../../constructs/common/storage';
import { find, plain, scope, synthesize } from '../support/harness';

const checks = () => new Checks(scope('dev'), 'kit');

describe('labels', () => {
  test('recommended labels carry all six app.kubernetes.io keys', () => {
    expect(Object.keys(recommendedLabels({ name: 'a', instance: 'b', component: 'c', version: '1.2.3' })).sort()).toEqual([
      'app.kubernetes.io/component',
      'app.kubernetes.io/instance',
      'app.kubernetes.io/managed-by',
      'app.kubernetes.io/name',
      'app.kubernetes.io/part-of',
      'app.kubernetes.io/version',
    ]);
  });
  test('selector labels exclude the version', () => {
    expect(selectorLabels({ name: 'a', instance: 'b', component: 'c' })).not.toHaveProperty(['app.kubernetes.io/version']);
  });
  test('label values are made valid', () => {
    expect(labelValue('2.580.1-lts+jdk21')).toBe('2.580.1-lts_jdk21');
    expect(labelValue('x'.repeat(80))).toHaveLength(63);
  });
});

describe('resources', () => {
  test('renders requests and limits, CPU limit only when given', () => {
    const r = plain(renderResources({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } }));
    expect(r).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });
  test('figures are parsed for sizing', () => {
    const f = checkResources(checks(), 'r', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(f).toEqual({ cpuRequestMilli: 1000, cpuLimitMilli: 2000, memoryRequestBytes: 1024 ** 3, memoryLimitBytes: 2 * 1024 ** 3 });
  });
  test('a memory limit below the request is rejected', () => {
    expect(() => checkResources(checks(), 'r', { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '1Gi' } })).toThrow(
      'kit \'test\' (dev): r.limits.memory must be at least the memory request (2Gi); got "1Gi"',
    );
  });
});

describe('security contexts', () => {
  test('pods run non-root with RuntimeDefault seccomp', () => {
    expect(restrictedPodSecurityContext({ user: 10001 })).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
  test('containers drop all capabilities and are read-only by default', () => {
    expect(restrictedContainerSecurityContext()).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
  test('a writable root filesystem is an explicit exception with a reason', () => {
    const o = { writableRootFilesystem: { reason: 'writes its cache next to the binary' } };
    expect(restrictedContainerSecurityContext(o).readOnlyRootFilesystem).toBe(false);
    expect(exceptionAnnotations('app', o)).toEqual({ 'keelson.io/security-exception.app.writable-root-filesystem': 'writes its cache next to the binary' });
  });
});

describe('probes', () => {
  const probes = {
    startup: { action: tcpSocket('http'), periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30 },
    liveness: { action: tcpSocket('http'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
    readiness: { action: httpGet('/ready', 'http'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
  };
  test('renders an HTTP probe with a named port', () => {
    expect(plain(renderProbe(probes.readiness))).toEqual({
      httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
      successThreshold: 1,
    });
  });
  test('identical liveness and readiness probes are rejected', () => {
    expect(() => checkProbes(checks(), 'probes', { ...probes, readiness: probes.liveness })).toThrow(/probes.liveness must differ from the readiness probe/);
  });
  test('a timeout longer than the period is rejected', () => {
    expect(() => checkProbes(checks(), 'probes', { ...probes, startup: { ...probes.startup, timeoutSeconds: 9 } })).toThrow(
      "kit 'test' (dev): probes.startup.timeoutSeconds must not exceed periodSeconds (5); got 9",
    );
  });
});

describe('storage', () => {
  test('claim templates carry no version label (they are immutable) and are protected from pruning', () => {
    const t = volumeClaimTemplate('data', { size: '5Gi' }, recommendedLabels({ name: 'a', instance: 'b', component: 'c', version: '1' }));
    expect(t.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
    expect(t.metadata!.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'keelson.io/holds-data': 'true' });
    expect(t.spec!.accessModes).toEqual(['ReadWriteOnce']);
  });

  test('statefulSetStorage: persistent gives a retained, protected claim; ephemeral a bounded emptyDir', () => {
    const labels = recommendedLabels({ name: 'a', instance: 'b', component: 'c', version: '1' });
    const p = statefulSetStorage('data', { size: '5Gi' }, labels);
    expect(p.volumes).toEqual([]);
    expect(p.volumeClaimTemplates!.map((t) => t.metadata!.name)).toEqual(['data']);
    expect(p.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(holdsData({ metadata: { annotations: p.annotations } })).toBe(true);
    const e = statefulSetStorage('data', { size: '2Gi', lifetime: 'ephemeral' }, labels);
    expect(e.volumeClaimTemplates).toBeUndefined();
    expect(e.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(e.annotations).toEqual({});
    expect(JSON.parse(JSON.stringify(e.volumes))).toEqual([{ name: 'data', emptyDir: { sizeLimit: { value: '2Gi' } } }]);
  });
});

describe('HorizontalAutoscaler', () => {
  const objects = synthesize((c) => {
    new HorizontalAutoscaler(c, 'hpa', {
      name: 'web',
      labels: {},
      component: 'web',
      field: 'autoscaling',
      spec: { minReplicas: 2, maxReplicas: 6, memoryUtilization: 80 },
      target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    });
  });
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'web');
  test('targets the workload with CPU (default 70%) and memory metrics', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([
      ['cpu', 70],
      ['memory', 80],
    ]);
  });
  test('scales down slowly, one pod at a time, after a stabilization window', () => {
    expect(hpa.spec.behavior.scaleDown).toMatchObject({ stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }] });
  });
});

describe('NetworkPolicy', () => {
  test('renders typed peers; "anywhere" omits the peer list', () => {
    const objects = synthesize((c) => {
      new NetworkPolicy(c, 'np', {
        name: 'api',
        labels: {},
        podSelector: { app: 'api' },
        ingress: [
          { peers: [peers.anywhere()], ports: [{ port: 'http' }] },
          { peers: [peers.pods({ app: 'worker' }), peers.namespaceNamed('monitoring')], ports: [{ port: 9090 }] },
        ],
        egress: [DNS_EGRESS],
      });
    });
    const np = find(objects, 'NetworkPolicy', 'api');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress[0]).toEqual({ ports: [{ port: 'http', protocol: 'TCP' }] });
    expect(np.spec.ingress[1].from).toEqual([
      { podSelector: { matchLabels: { app: 'worker' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expect(np.spec.egress[0].ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
  });
});
