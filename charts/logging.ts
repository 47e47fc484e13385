import { Construct } from 'constructs';
import { Alloy, AlloyProps } from '../constructs/logging/alloy';
import { Grafana, GrafanaProps } from '../constructs/logging/grafana';
import { Loki, LokiProps } from '../constructs/logging/loki';
import { Checks } from '../constructs/common/errors';
import { recordFlow } from '../constructs/common/wiring';
import { exposureFor, servesHttps } from './ci';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { TraceQueryEndpoint } from './tracing';
import { withStorageClass } from '../constructs/common/storage';
import { EndpointExposure } from './exposure';

/**
 * The `logging` chart: Loki, Alloy, Grafana. Each component's own fields are the construct's
 * props (documented there); the chart adds only how Grafana is reached.
 */
export interface LoggingSettings {
  readonly loki: Pick<LokiProps, 'storage' | 'retentionDays' | 'resources' | 'limits'>;
  readonly alloy: Pick<AlloyProps, 'resources'>;
  readonly grafana: Pick<GrafanaProps, 'admin' | 'resources' | 'persistence' | 'prometheusUrl'> & {
    /** Served at `grafana.<domain>`. */
    readonly exposure: EndpointExposure;
  };
}

export interface LoggingChartProps extends KeelsonChartProps {
  readonly settings: LoggingSettings;
  /** Base DNS domain; Grafana is served at `grafana.<domain>`. */
  readonly domain: string;
  /** StorageClass for persistent volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
  /** Jaeger's query endpoint, for Grafana's tracing datasource. @default undefined (logs only) */
  readonly traces?: TraceQueryEndpoint;
  /** Labels on every log stream, e.g. { cluster: 'prod' }. @default {} */
  readonly externalLabels?: Readonly<Record<string, string>>;
}

/** Logs: Loki, Alloy on every node shipping pod logs to it, and Grafana over logs and traces. */
export class LoggingChart extends KeelsonChart {
  readonly loki: Loki;
  readonly alloy: Alloy;
  readonly grafana: Grafana;

  constructor(scope: Construct, id: string, props: LoggingChartProps) {
    super(scope, id, props);
    const s = props.settings;
    const namespace = this.targetNamespace;
    const checks: Checks = new Checks(this, 'logging');
    checks.that(namespace !== undefined, 'namespace', namespace, "must be set (Alloy's ClusterRoleBinding names its ServiceAccount's namespace)");

    this.loki = new Loki(this, 'loki', { ...s.loki, storage: { ...s.loki.storage, volume: withStorageClass(s.loki.storage.volume, props.storageClass) } });
    this.alloy = new Alloy(this, 'alloy', { ...s.alloy, namespace: namespace!, lokiPushUrl: this.loki.pushUrl, externalLabels: props.externalLabels });

    const host = `grafana.${props.domain}`;
    const exposure = exposureFor(s.grafana.exposure, host, 'grafana-tls');
    this.grafana = new Grafana(this, 'grafana', {
      admin: s.grafana.admin,
      resources: s.grafana.resources,
      persistence: withStorageClass(s.grafana.persistence, props.storageClass),
      prometheusUrl: s.grafana.prometheusUrl,
      lokiUrl: this.loki.queryUrl,
      jaegerUrl: props.traces?.url,
      exposure,
      https: servesHttps(s.grafana.exposure) ? { secretName: 'grafana-tls' } : undefined,
      rootUrl:
        exposure.kind === 'ingress'
          ? `${exposure.tlsSecretName ? 'https' : 'http'}://${host}`
          : servesHttps(s.grafana.exposure)
            ? `https://${host}`
            : undefined,
    });

    const loki = { kind: 'pods' as const, chart: id, selector: this.loki.selector };
    const http = [{ port: this.loki.httpPort }];
    recordFlow(this, { from: { chart: id, selector: this.alloy.selector }, to: loki, ports: http, purpose: 'log push' });
    recordFlow(this, { from: { chart: id, selector: this.grafana.selector }, to: loki, ports: http, purpose: 'log queries' });
    if (props.traces) {
      recordFlow(this, {
        from: { chart: id, selector: this.grafana.selector },
        to: props.traces.target,
        ports: [{ port: props.traces.port }],
        purpose: 'trace queries',
      });
    }
  }
}
