import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { FlowTarget } from '../constructs/common/wiring';
import { OtelCollector } from '../constructs/tracing/otel-collector';
import { Jaeger, JaegerStorage } from '../constructs/tracing/jaeger';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { CollectorAgentSpec, CollectorGatewaySpec } from '../constructs/tracing/otel-collector';
import { ResourceSpec } from '../constructs/common/resources';
import { SamplingConfig } from '../constructs/tracing/jaeger-config';

/** The `tracing` chart: OpenTelemetry Collector agents and gateway, Jaeger v2. */
export interface TracingSettings {
  readonly jaeger: {
    readonly storage: JaegerStorage;
    readonly resources: ResourceSpec;
    /** @default 1 */
    readonly replicas?: number;
    /** @default DEFAULT_SAMPLING */
    readonly sampling?: SamplingConfig;
  };
  readonly collector: { readonly agent: CollectorAgentSpec; readonly gateway: CollectorGatewaySpec };
  /** The gateway also exports logs (OTLP) to Loki. */
  readonly logsToLoki: boolean;
}

export interface TracingChartProps extends KeelsonChartProps {
  readonly settings: TracingSettings;
  /** StorageClass for volumes that do not name one. @default undefined (cluster default) */
  readonly storageClass?: string;
}

/** What another chart needs to reach Jaeger's query API (Grafana's datasource). */
export interface TraceQueryEndpoint {
  readonly url: string;
  readonly target: FlowTarget;
  readonly port: number;
}

/** Traces: OpenTelemetry Collector agents and gateway, and Jaeger v2 as the trace store. */
export class TracingChart extends KeelsonChart {
  readonly jaeger: Jaeger;
  readonly collector: OtelCollector;

  constructor(scope: Construct, id: string, props: TracingChartProps) {
    super(scope, id, props);
    const s = props.settings;
    const namespace = this.targetNamespace;
    const checks: Checks = new Checks(this, 'tracing');
    checks.that(namespace !== undefined, 'namespace', namespace, "must be set (the collector's ClusterRoleBinding names its ServiceAccount's namespace)");

    this.jaeger = new Jaeger(this, 'jaeger', { ...s.jaeger, storage: withStorageClass(s.jaeger.storage, props.storageClass) });
    this.collector = new OtelCollector(this, 'otel', {
      namespace: namespace!,
      tracesTo: { endpoint: this.jaeger.otlpGrpcEndpoint, target: { kind: 'pods', chart: id, selector: this.jaeger.selector } },
      agent: s.collector.agent,
      gateway: s.collector.gateway,
    });
  }

  /** Jaeger's query URL (fully qualified, for other namespaces) and its pods. */
  queryEndpointFor(): TraceQueryEndpoint {
    return {
      url: this.jaeger.queryUrlFrom(this.targetNamespace),
      target: { kind: 'pods', chart: this.node.id, selector: this.jaeger.selector },
      port: this.jaeger.queryPort,
    };
  }
}

function withStorageClass(storage: JaegerStorage, storageClass: string | undefined): JaegerStorage {
  return storage.kind === 'badger' ? { ...storage, volume: { storageClass, ...storage.volume } } : storage;
}
