import { parse } from 'yaml';
import { Grafana } from '../../constructs/logging/grafana';
import { containerOf, find, kinds, synthesize, variant } from '../support/harness';
import { GRAFANA } from '../support/observability-fixtures';

const objects = synthesize((c) => new Grafana(c, 'grafana', GRAFANA));
const deploy = find(objects, 'Deployment', 'grafana');
const c = containerOf(deploy, 'grafana');
const rawDatasources: string = find(objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml'];
const datasources = parse(rawDatasources).datasources;
const byUid = (uid: string) => datasources.find((d: any) => d.uid === uid);

describe('Grafana: provisioned datasources', () => {
  test('Loki and Jaeger with fixed uids, Loki the default', () => {
    expect(datasources.map((d: any) => [d.name, d.type, d.uid, d.url, d.isDefault])).toEqual([
      ['Loki', 'loki', 'loki', 'http://loki:3100', true],
      ['Jaeger', 'jaeger', 'jaeger', 'http://jaeger.prod-tracing.svc:16686', false],
    ]);
  });

  test('the Loki datasource turns trace ids in log lines into links to the Jaeger datasource', () => {
    const [field] = byUid('loki').jsonData.derivedFields;
    expect(field.datasourceUid).toBe(byUid('jaeger').uid);
    expect(field.matcherType).toBe('regex');
    // `$` is doubled in provisioning files, which Grafana expands from its environment.
    expect(rawDatasources).toContain('url: $${__value.raw}');
    const regex = new RegExp(field.matcherRegex);
    expect('level=info msg="done" trace_id=4bf92f3577b34da6a3ce929d0e0e4736'.match(regex)?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect('{"traceId":"00f067aa0ba902b7","msg":"x"}'.match(regex)?.[1]).toBe('00f067aa0ba902b7');
  });

  test('the Jaeger datasource links spans back to Loki', () => {
    expect(byUid('jaeger').jsonData.tracesToLogsV2).toMatchObject({ datasourceUid: 'loki', filterByTraceID: true });
  });

  test('without Jaeger there is no derived field; Prometheus is optional', () => {
    const o = synthesize(
      (s) =>
        new Grafana(
          s,
          'grafana',
          variant(GRAFANA, (d) => {
            delete d.jaegerUrl;
            d.prometheusUrl = 'http://prometheus:9090';
          }),
        ),
    );
    const ds = parse(find(o, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources;
    expect(ds.map((d: any) => d.uid)).toEqual(['loki', 'prometheus']);
    expect(ds[0].jsonData.derivedFields).toBeUndefined();
  });
});

describe('Grafana: dashboards', () => {
  const dashboard = JSON.parse(find(objects, 'ConfigMap', 'grafana-dashboards').data['logs-overview.json']);
  const providers = parse(find(objects, 'ConfigMap', 'grafana-dashboard-providers').data['dashboards.yaml']);

  test('provisions the logs overview dashboard from files, read-only', () => {
    expect(providers.providers[0]).toMatchObject({ type: 'file', allowUiUpdates: false, options: { path: '/etc/grafana/dashboards' } });
    expect(c.volumeMounts).toContainEqual({ name: 'dashboards', mountPath: '/etc/grafana/dashboards', readOnly: true });
    expect(dashboard).toMatchObject({ uid: 'keelson-logs-overview', title: 'Logs overview' });
  });

  test('queries the provisioned Loki datasource, filtered by namespace and app', () => {
    expect(dashboard.templating.list.map((v: any) => [v.name, v.query, v.datasource.uid])).toEqual([
      ['namespace', 'label_values(namespace)', 'loki'],
      ['app', 'label_values(app)', 'loki'],
    ]);
    expect(dashboard.panels.map((p: any) => p.type)).toEqual(['timeseries', 'timeseries', 'logs']);
    for (const p of dashboard.panels) {
      expect(p.datasource.uid).toBe('loki');
      expect(p.targets[0].expr).toContain('{namespace=~"$namespace", app=~"$app"}');
    }
    expect(dashboard.panels.map((p: any) => p.gridPos)).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 24, h: 14 },
    ]);
  });
});

describe('Grafana: workload', () => {
  test('admin credentials come from the Secret reference', () => {
    expect(c.env).toContainEqual({ name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'username' } } });
    expect(c.env).toContainEqual({ name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'password' } } });
  });

  test('probes /api/health; liveness distinct', () => {
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'http', scheme: 'HTTP' });
    expect(c.startupProbe.httpGet.path).toBe('/api/health');
    expect(c.livenessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('read-only root filesystem with writable data and /tmp', () => {
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(deploy.spec.template.spec.securityContext).toMatchObject({ runAsUser: 472, runAsNonRoot: true });
    expect(c.volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(['/var/lib/grafana', '/tmp']));
    expect(c.env).toContainEqual({ name: 'GF_LOG_MODE', value: 'console' });
  });

  test('without persistence, data is an emptyDir; with it, a protected claim', () => {
    expect(kinds(objects)).not.toContain('PersistentVolumeClaim/grafana-data');
    expect(deploy.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '1Gi' } });
    const o = synthesize((s) => new Grafana(s, 'grafana', { ...GRAFANA, persistence: { size: '5Gi' } }));
    const pvc = find(o, 'PersistentVolumeClaim', 'grafana-data');
    expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    expect(find(o, 'Deployment', 'grafana').spec.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'grafana-data' } });
    expect(find(o, 'Deployment', 'grafana').spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('an ingress sets the root URL and routes to the Service', () => {
    const o = synthesize(
      (s) => new Grafana(s, 'grafana', { ...GRAFANA, exposure: { kind: 'ingress', host: 'grafana.example.com' }, rootUrl: 'http://grafana.example.com' }),
    );
    expect(find(o, 'Ingress', 'grafana').spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'grafana', port: { number: 3000 } });
    expect(containerOf(find(o, 'Deployment', 'grafana'), 'grafana').env).toContainEqual({ name: 'GF_SERVER_ROOT_URL', value: 'http://grafana.example.com' });
  });
});
