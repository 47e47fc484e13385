import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from '../common/errors';
import { isAbsoluteHttpUrl } from '../common/urls';
import { checkExposure, ExposedService, Exposure } from '../common/exposure';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret, SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { checkVolume, podStorage, VolumeSpec } from '../common/storage';
import { renderJson } from '../common/render/json';
import { renderYaml } from '../common/render/yaml';
import { configMapVolume, container, scratchVolume } from '../common/workload';
import { dashboardJson, logsOverviewDashboard } from './dashboards';
import { dashboardsFile, DatasourceSpec, DATASOURCE_UIDS, datasourcesFile, SpanTagToLabel, TRACE_ID_REGEX } from './grafana-provisioning';
import { LOKI_OTLP_TRACE_ID_KEY } from './loki-otlp';
import { chartIdOf, recordFlow } from '../common/wiring';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

const COMPONENT = 'grafana';
/** The image runs Grafana as uid 472. */
export const GRAFANA_UID = 472;
export const GRAFANA_HTTP_PORT = 3000;
const DATA_DIR = '/var/lib/grafana';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';

export interface GrafanaProps {
  /** Loki's query URL. */
  readonly lokiUrl: string;
  /** Jaeger's query URL (UI/API port); trace ids in logs link to it. @default undefined (no tracing datasource) */
  readonly jaegerUrl?: string;
  /** @default undefined (no Prometheus datasource) */
  readonly prometheusUrl?: string;
  /** The administrator, from a Secret. */
  readonly admin: { readonly user: SecretKeyRef; readonly password: SecretKeyRef };
  readonly resources: ResourceSpec;
  /**
   * A volume for Grafana's SQLite database (users, stars, UI-made dashboards).
   * @default undefined (emptyDir: datasources and dashboards are provisioned, so a restart loses only UI-made changes)
   */
  readonly persistence?: VolumeSpec;
  /** External URL, for links Grafana generates. @default undefined (derived by Grafana from the request) */
  readonly rootUrl?: string;
  /** @default { kind: 'none' } */
  readonly exposure?: Exposure;
  /**
   * Grafana serves HTTPS itself (`server.protocol = https`, `cert_file`, `cert_key`) with the
   * certificate of this `kubernetes.io/tls` Secret (keys tls.crt and tls.key); probes follow.
   * @default undefined (HTTP; an Ingress exposure can terminate TLS instead)
   */
  readonly https?: { readonly secretName: string };
  /** @default IMAGES.grafana */
  readonly image?: ImageRef;
  /** @default GRAFANA_PROBES */
  readonly probes?: HealthProbes;
  /**
   * Span tags a trace's "logs for this span" link selects Loki streams by, and the stream label
   * of each. @default TRACE_TO_LOGS_TAGS (the collector's Kubernetes attributes onto Alloy's pod-log labels)
   */
  readonly traceToLogsTags?: readonly SpanTagToLabel[];
}

/**
 * The k8sattributes processor puts `k8s.namespace.name` and `k8s.pod.name` on every span; Alloy
 * labels every pod's log stream `namespace` and `pod`. Alloy's streams are the ones every pod has.
 */
export const TRACE_TO_LOGS_TAGS: readonly SpanTagToLabel[] = [
  { spanTag: 'k8s.namespace.name', lokiLabel: 'namespace' },
  { spanTag: 'k8s.pod.name', lokiLabel: 'pod' },
];

const LOKI_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Probes over HTTPS, when Grafana terminates TLS (the kubelet does not verify the certificate). */
export const GRAFANA_HTTPS_PROBES: HealthProbes = {
  startup: { action: { kind: 'http', path: '/api/health', port: 'https', scheme: 'HTTPS' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
  liveness: { action: tcpSocket('https'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: { kind: 'http', path: '/api/health', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
};
const TLS_DIR = '/etc/grafana/tls';

export const GRAFANA_PROBES: HealthProbes = {
  // Database migrations run before the server answers.
  startup: { action: httpGet('/api/health', 'http'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
  liveness: { action: tcpSocket('http'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/api/health', 'http'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
};

/** Grafana with provisioned datasources (fixed uids, logs linked to traces) and dashboards. */
export class Grafana extends Construct {
  readonly name: string;
  readonly selector: Record<string, string>;
  readonly url: string;
  /** Provisioning documents, as rendered. */
  readonly datasources: string;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.GrafanaProps);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const image = props.image ?? IMAGES.grafana;
    const probes = props.probes ?? (props.https ? GRAFANA_HTTPS_PROBES : GRAFANA_PROBES);
    const scheme = props.https ? 'https' : 'http';
    const exposure = props.exposure ?? { kind: 'none' as const };
    const traceToLogsTags = props.traceToLogsTags ?? TRACE_TO_LOGS_TAGS;

    // Validation, before anything is created.
    checks.that(isAbsoluteHttpUrl(props.lokiUrl), 'lokiUrl', props.lokiUrl, 'must be an absolute http(s) URL');
    if (props.jaegerUrl !== undefined) checks.that(isAbsoluteHttpUrl(props.jaegerUrl), 'jaegerUrl', props.jaegerUrl, 'must be an absolute http(s) URL');
    if (props.prometheusUrl !== undefined)
      checks.that(isAbsoluteHttpUrl(props.prometheusUrl), 'prometheusUrl', props.prometheusUrl, 'must be an absolute http(s) URL');
    if (props.rootUrl !== undefined) checks.that(isAbsoluteHttpUrl(props.rootUrl), 'rootUrl', props.rootUrl, 'must be an absolute http(s) URL');
    checkImage(checks, 'image', image);
    checkResources(checks, 'resources', props.resources);
    checkProbes(checks, 'probes', probes);
    if (props.persistence !== undefined) checkVolume(checks, 'persistence', props.persistence);
    checkExposure(checks, 'exposure', exposure);
    traceToLogsTags.forEach((t, i) => {
      checks.that(LOKI_LABEL.test(t?.lokiLabel ?? ''), `traceToLogsTags[${i}].lokiLabel`, t?.lokiLabel, 'must be a Loki label name');
      checks.that(/^\S+$/.test(t?.spanTag ?? ''), `traceToLogsTags[${i}].spanTag`, t?.spanTag, 'must be a span tag name');
    });
    if (props.https) {
      checks.dnsSubdomain('https.secretName', props.https.secretName);
      checks.that(
        exposure.kind !== 'ingress',
        'https',
        props.https,
        'must not be set with an Ingress exposure (the Ingress terminates TLS with exposure.tlsSecretName and talks HTTP to Grafana)',
      );
      requireSecret(this, checks, 'https.secretName', { name: props.https.secretName, key: 'tls.crt' }, 'Grafana HTTPS certificate');
      requireSecret(this, checks, 'https.secretName', { name: props.https.secretName, key: 'tls.key' }, 'Grafana HTTPS private key');
    }
    const adminUser = requireSecret(this, checks, 'admin.user', props.admin?.user, 'Grafana administrator user name');
    const adminPassword = requireSecret(this, checks, 'admin.password', props.admin?.password, 'Grafana administrator password');

    this.name = name;
    this.url = `${scheme}://${name}:${GRAFANA_HTTP_PORT}`;
    this.selector = selectorLabels({ name: 'grafana', instance: name, component: 'ui' });
    // Grafana's default plugin preinstall (the Drilldown apps) downloads from grafana.com at start.
    recordFlow(this, {
      from: { chart: chartIdOf(this), selector: this.selector },
      to: { kind: 'external', host: 'grafana.com' },
      ports: [{ port: 443 }],
      purpose: 'plugin preinstall',
    });
    const labels = recommendedLabels({ name: 'grafana', instance: name, component: 'ui', version: image.tag });

    const sources: DatasourceSpec[] = [
      {
        kind: 'loki',
        url: props.lokiUrl,
        maxLines: 1000,
        traceLinks: props.jaegerUrl
          ? [
              // Pod logs (Alloy): the trace id is somewhere in the line.
              { matcher: 'regex', name: 'TraceID', datasourceUid: DATASOURCE_UIDS.jaeger, regex: TRACE_ID_REGEX },
              // OTLP logs: Loki keeps the record's trace id as structured metadata, not in the line.
              { matcher: 'label', name: 'OTLP trace', datasourceUid: DATASOURCE_UIDS.jaeger, label: LOKI_OTLP_TRACE_ID_KEY },
            ]
          : [],
      },
      ...(props.jaegerUrl ? [{ kind: 'jaeger' as const, url: props.jaegerUrl, logs: { datasourceUid: DATASOURCE_UIDS.loki, tags: traceToLogsTags } }] : []),
      ...(props.prometheusUrl ? [{ kind: 'prometheus' as const, url: props.prometheusUrl }] : []),
    ];
    this.datasources = renderYaml(datasourcesFile(sources));
    const providers = renderYaml(dashboardsFile(DASHBOARDS_DIR, 'keelson'));
    const dashboard = renderJson(dashboardJson(logsOverviewDashboard(DATASOURCE_UIDS.loki)));

    const dsMap = new k8s.KubeConfigMap(this, 'Datasources', {
      metadata: { name: `${name}-datasources`, labels },
      data: { 'datasources.yaml': this.datasources },
    });
    const providerMap = new k8s.KubeConfigMap(this, 'DashboardProviders', {
      metadata: { name: `${name}-dashboard-providers`, labels },
      data: { 'dashboards.yaml': providers },
    });
    const dashMap = new k8s.KubeConfigMap(this, 'Dashboards', { metadata: { name: `${name}-dashboards`, labels }, data: { 'logs-overview.json': dashboard } });

    const volumes: k8s.Volume[] = [
      configMapVolume('datasources', dsMap.name),
      configMapVolume('dashboard-providers', providerMap.name),
      configMapVolume('dashboards', dashMap.name),
      scratchVolume('tmp', '256Mi'),
      ...(props.https ? [{ name: 'tls', secret: { secretName: props.https.secretName, defaultMode: 0o440 } }] : []),
    ];
    if (props.persistence) {
      const data = podStorage('data', `${name}-data`, props.persistence, labels);
      if (data.claim) new k8s.KubePersistentVolumeClaim(this, 'Data', data.claim);
      volumes.push(data.volume);
    } else {
      volumes.push(scratchVolume('data', '1Gi'));
    }

    const env: k8s.EnvVar[] = [
      secretEnv('GF_SECURITY_ADMIN_USER', adminUser),
      secretEnv('GF_SECURITY_ADMIN_PASSWORD', adminPassword),
      // Also where Grafana installs its preinstalled plugins (the Loki and Jaeger datasources are among them).
      { name: 'GF_PATHS_DATA', value: DATA_DIR },
      { name: 'GF_PATHS_PLUGINS', value: `${DATA_DIR}/plugins` },
      { name: 'GF_PATHS_PROVISIONING', value: '/etc/grafana/provisioning' },
      // Logs to stdout only, so nothing is written under /var/log on the read-only root.
      { name: 'GF_LOG_MODE', value: 'console' },
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
      { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
      ...(props.rootUrl ? [{ name: 'GF_SERVER_ROOT_URL', value: props.rootUrl }] : []),
      ...(props.https
        ? [
            { name: 'GF_SERVER_PROTOCOL', value: 'https' },
            { name: 'GF_SERVER_CERT_FILE', value: `${TLS_DIR}/tls.crt` },
            { name: 'GF_SERVER_CERT_KEY', value: `${TLS_DIR}/tls.key` },
          ]
        : []),
    ];
    const checksum = createHash('sha256').update(this.datasources).update(providers).update(dashboard).digest('hex');

    new k8s.KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [
          {
            name: scheme,
            port: GRAFANA_HTTP_PORT,
            targetPort: k8s.IntOrString.fromString(scheme),
            protocol: 'TCP',
            appProtocol: props.https ? 'https' : undefined,
          },
        ],
      },
    });
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        // SQLite has a single writer: one replica, replaced rather than surged.
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels, annotations: { 'keelson.io/config-checksum': checksum } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ user: GRAFANA_UID }),
            containers: [
              container({
                name: 'grafana',
                image,
                ports: [{ name: scheme, port: GRAFANA_HTTP_PORT }],
                env,
                resources: props.resources,
                probes,
                volumeMounts: [
                  { name: 'data', mountPath: DATA_DIR },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
                  { name: 'dashboard-providers', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
                  { name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true },
                  ...(props.https ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
                ],
              }),
            ],
            volumes,
          },
        },
      },
    });
    new ExposedService(this, 'Exposure', {
      exposure,
      name: exposure.kind === 'loadBalancer' ? `${name}-external` : name,
      labels,
      selector: this.selector,
      backend: { service: name, port: GRAFANA_HTTP_PORT, targetPort: 'http' },
      tls: props.https ? { port: 443, targetPort: 'https' } : undefined,
      component: COMPONENT,
      field: 'exposure',
    });
  }
}
