import { Construct } from 'constructs';
import { Alloy } from '../constructs/logging/alloy';
import { Grafana } from '../constructs/logging/grafana';
import { Loki, LokiStorage } from '../constructs/logging/loki';
import { Checks } from '../constructs/common/errors';
import { recordFlow } from '../constructs/common/wiring';
import { exposureFor, servesHttps } from './ci';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { TraceQueryEndpoint } from './tracing';
import { LokiLimits } from '../constructs/logging/loki-config';
import { ResourceSpec } from '../constructs/common/resources';
import { SecretKeyRef } from '../constructs/common/secrets';
import { VolumeSpec } from '../constructs/common/storage';
import { EndpointExposure } from './exposure';

/** The `logging` chart: Loki, Alloy, Grafana. */
export interface LoggingSettings {
  readonly loki: {
    readonly storage: LokiStorage;
    /** Days logs are kept. */
    readonly retentionDays: number;
    readonly resources: ResourceSpec;
    /** @default LOKI_DEFAULT_LIMITS */
    readonly limits?: Partial<LokiLimits>;
  };
  readonly alloy: { readonly resources: ResourceSpec };
  readonly grafana: {
    readonly admin: { readonly user: SecretKeyRef; readonly password: SecretKeyRef };
    readonly resources: ResourceSpec;
    /** @default undefined (emptyDir; everything that matters is provisioned) */
    readonly persistence?: VolumeSpec;
    /** @default undefined (no Prometheus datasource) */
    readonly prometheusUrl?: string;
    readonly exposure: EndpointExposure;
  };
}

export interface LoggingChartProps extends KeelsonChartProps {
  readonly settings: LoggingSettings;
  /** Base DNS domain; Grafana is served at `grafana.<domain>`. */
  readonly domain: string;
  /** StorageClass for volumes that do not name one. @default undefined (cluster default) */
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

    this.loki = new Loki(this, 'loki', { ...s.loki, storage: withStorageClass(s.loki.storage, props.storageClass) });
    this.alloy = new Alloy(this, 'alloy', { ...s.alloy, namespace: namespace!, lokiPushUrl: this.loki.pushUrl, externalLabels: props.externalLabels });

    const host = `grafana.${props.domain}`;
    const exposure = exposureFor(s.grafana.exposure, host, 'grafana-tls');
    this.grafana = new Grafana(this, 'grafana', {
      admin: s.grafana.admin,
      resources: s.grafana.resources,
      persistence: s.grafana.persistence && { storageClass: props.storageClass, ...s.grafana.persistence },
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

function withStorageClass(storage: LokiStorage, storageClass: string | undefined): LokiStorage {
  return { ...storage, volume: { storageClass, ...storage.volume } };
}
