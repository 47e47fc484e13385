import { parse } from 'yaml';
import { DEFAULT_STREAM_LABELS } from '../../constructs/logging/alloy-config';
import { Grafana } from '../../constructs/logging/grafana';
import { LOKI_OTLP_STREAM_LABELS, lokiAttributeName } from '../../constructs/logging/loki-otlp';
import { EXTRACTED_METADATA } from '../../constructs/tracing/otel-config';
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

  // Grafana 13 builds the trace-to-logs stream selector from the span's process and span tags
  // (public/app/features/explore/TraceView/createSpanLink.tsx, getFormattedTags): a tag listed in
  // `tags` becomes `<value or key>="<tag value>"`; with no `tags` the keys cluster, hostname,
  // namespace and pod are used; no matching tag means no link at all.
  const grafanaTraceToLogsSelector = (spanTags: Record<string, string>, tags: { key: string; value?: string }[] | undefined): string | undefined => {
    const use = tags?.length ? tags : ['cluster', 'hostname', 'namespace', 'pod'].map((key) => ({ key, value: undefined }));
    const parts = Object.entries(spanTags).flatMap(([k, v]) => {
      const t = use.find((u) => u.key === k);
      return t ? [`${t.value || t.key}="${v}"`] : [];
    });
    return parts.length ? `{${parts.join(', ')}}` : undefined;
  };
  // What the collector's k8sattributes processor puts on the spans of a pod.
  const spanTags = Object.fromEntries(EXTRACTED_METADATA.map((a) => [a, `value-of-${a}`]));

  test('a span links to the pod-log streams Alloy writes: its Kubernetes tags are mapped to their labels', () => {
    const tags = byUid('jaeger').jsonData.tracesToLogsV2.tags;
    const selector = grafanaTraceToLogsSelector(spanTags, tags);
    expect(selector).toBe('{namespace="value-of-k8s.namespace.name", pod="value-of-k8s.pod.name"}');
    const alloyLabels = DEFAULT_STREAM_LABELS.map((l) => l.target);
    for (const m of selector!.matchAll(/(\w+)="/g)) expect(alloyLabels).toContain(m[1]);
    // Grafana's defaults find none of our span tags: without the mapping there is no link.
    expect(grafanaTraceToLogsSelector(spanTags, undefined)).toBeUndefined();
  });

  // Grafana's Loki datasource (public/app/plugins/datasource/loki/getDerivedFields.ts): fields
  // are grouped by name and use the first config's matcher; `label` takes the value of the first
  // label key the regex matches (structured metadata is among a row's labels), `regex` the first
  // group of a match in the line.
  const grafanaDerivedValue = (fields: any[], name: string, line: string, labels: Record<string, string>): string | null => {
    const first = fields.find((f) => f.name === name);
    if (first.matcherType === 'label') {
      const key = Object.keys(labels).find((k) => new RegExp(first.matcherRegex).test(k));
      return key ? labels[key] : null;
    }
    return line.match(new RegExp(first.matcherRegex))?.[1] ?? null;
  };

  test('an OTLP log record links to its trace through the structured metadata trace_id', () => {
    const fields = byUid('loki').jsonData.derivedFields;
    expect(new Set(fields.map((f: any) => f.name)).size).toBe(fields.length);
    for (const f of fields) expect(f.datasourceUid).toBe('jaeger');
    // An OTLP record: the body carries no trace id, Loki stores it as `trace_id` metadata.
    const otlp = {
      line: 'checkout completed',
      labels: { service_name: 'shop', k8s_pod_name: 'shop-1', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', xtrace_idx: 'no' },
    };
    const found = fields.map((f: any) => grafanaDerivedValue(fields, f.name, otlp.line, otlp.labels)).filter((v: string | null) => v !== null);
    expect(found).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
    // A pod log line keeps working through the line regex.
    const pod = { line: 'level=info trace_id=00f067aa0ba902b7 msg=done', labels: { namespace: 'shop', pod: 'shop-1' } };
    expect(fields.map((f: any) => grafanaDerivedValue(fields, f.name, pod.line, pod.labels)).filter((v: string | null) => v !== null)).toEqual([
      '00f067aa0ba902b7',
    ]);
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

  test('queries the provisioned Loki datasource, laid out on the grid', () => {
    expect(dashboard.templating.list.map((v: any) => [v.name, v.query, v.datasource.uid])).toEqual([
      ['namespace', 'label_values(namespace)', 'loki'],
      ['app', 'label_values(app)', 'loki'],
      ['service', 'label_values({k8s_namespace_name=~".+"}, service_name)', 'loki'],
    ]);
    expect(dashboard.panels.map((p: any) => p.type)).toEqual(['timeseries', 'timeseries', 'logs']);
    for (const p of dashboard.panels) expect(p.datasource.uid).toBe('loki');
    expect(dashboard.panels.map((p: any) => p.gridPos)).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 12, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 24, h: 14 },
    ]);
  });

  // A LogQL log query has exactly one stream selector, and a stream matches only if it carries
  // every label the selector names (Loki 3.7 LogQL). Pod logs carry Alloy's labels (plus the
  // external `cluster`); OTLP logs carry the resource attributes Loki's default mapping indexes.
  const streamKinds = {
    alloy: [...DEFAULT_STREAM_LABELS.map((l) => l.target), 'cluster'],
    otlp: LOKI_OTLP_STREAM_LABELS,
  };
  const selectorLabels = (expr: string): string[] => {
    const sel = expr.match(/\{([^}]*)\}/)![1];
    return [...sel.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"/g)].map((m) => m[1]);
  };
  const kindsSelected = (expr: string) =>
    Object.entries(streamKinds)
      .filter(([, labels]) => selectorLabels(expr).every((l) => labels.includes(l)))
      .map(([k]) => k);

  test('every panel shows both pod-log streams and OTLP streams', () => {
    expect(lokiAttributeName('k8s.namespace.name')).toBe('k8s_namespace_name');
    const variables = dashboard.templating.list.map((v: any) => v.name);
    for (const p of dashboard.panels) {
      const selected = p.targets.flatMap((t: any) => kindsSelected(t.expr));
      expect([p.title, [...new Set(selected)].sort()]).toEqual([p.title, ['alloy', 'otlp']]);
      for (const t of p.targets) {
        // Each query selects one kind only: nothing is counted twice.
        expect(kindsSelected(t.expr)).toHaveLength(1);
        for (const v of t.expr.matchAll(/\$([a-z_]+)/g)) if (!v[1].startsWith('_')) expect(variables).toContain(v[1]);
      }
    }
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

describe('Grafana: HTTPS', () => {
  const o = synthesize((s) => new Grafana(s, 'grafana', { ...GRAFANA, https: { secretName: 'grafana-tls' }, exposure: { kind: 'loadBalancer' } }));
  const g = containerOf(find(o, 'Deployment', 'grafana'), 'grafana');
  const env = Object.fromEntries(g.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));

  // Grafana's [server] section: protocol = https needs cert_file and cert_key, PEM files it reads
  // at start (GF_SERVER_* environment overrides, Grafana configuration docs).
  test('serves HTTPS with the PEM certificate and key of the kubernetes.io/tls Secret', () => {
    expect(env.GF_SERVER_PROTOCOL).toBe('https');
    const mount = g.volumeMounts.find((m: any) => m.name === 'tls');
    expect(mount).toEqual({ name: 'tls', mountPath: '/etc/grafana/tls', readOnly: true });
    // A kubernetes.io/tls Secret holds tls.crt and tls.key; mounted whole, each key is a file.
    expect([env.GF_SERVER_CERT_FILE, env.GF_SERVER_CERT_KEY]).toEqual([`${mount.mountPath}/tls.crt`, `${mount.mountPath}/tls.key`]);
    expect(find(o, 'Deployment', 'grafana').spec.template.spec.volumes).toContainEqual({
      name: 'tls',
      secret: { secretName: 'grafana-tls', defaultMode: 0o440 },
    });
  });

  test('probes speak HTTPS to the one listener, and the load balancer serves it on 443', () => {
    expect(g.ports).toEqual([{ name: 'https', containerPort: 3000, protocol: 'TCP' }]);
    expect(g.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'https', scheme: 'HTTPS' });
    expect(g.startupProbe.httpGet.scheme).toBe('HTTPS');
    expect(g.livenessProbe.tcpSocket).toEqual({ port: 'https' });
    expect(find(o, 'Service', 'grafana-external').spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP', appProtocol: 'https' },
    ]);
  });
});
