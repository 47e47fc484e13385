import { Construct } from 'constructs';
import { Checks } from '../constructs/common/errors';
import { FlowTarget } from '../constructs/common/wiring';
import { OtelCollector, OtelCollectorProps } from '../constructs/tracing/otel-collector';
import { Jaeger, JaegerProps, JaegerStorage } from '../constructs/tracing/jaeger';
import { withStorageClass } from '../constructs/common/storage';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';

/**
 * The `tracing` chart: OpenTelemetry Collector agents and gateway, Jaeger v2. Each component's
 * own fields are the construct's props (documented there).
 */
export interface TracingSettings {
  // Picked one by one: the generated shape lists keys in this order (a combined Pick's order
  // follows TypeScript's internal order of the key union, which other types can perturb).
  readonly jaeger: Pick<JaegerProps, 'storage'> & Pick<JaegerProps, 'resources'> & Pick<JaegerProps, 'replicas'> & Pick<JaegerProps, 'sampling'>;
  readonly collector: Pick<OtelCollectorProps, 'agent' | 'gateway'>;
  /** The gateway also exports logs (OTLP) to Loki. */
  readonly logsToLoki: boolean;
}

export interface TracingChartProps extends KeelsonChartProps {
  readonly settings: TracingSettings;
  /** StorageClass for persistent volumes that do not name one. @default undefined (cluster default) */
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

    this.jaeger = new Jaeger(this, 'jaeger', { ...s.jaeger, storage: jaegerStorage(s.jaeger.storage, props.storageClass) });
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

function jaegerStorage(storage: JaegerStorage, storageClass: string | undefined): JaegerStorage {
  return storage.kind === 'badger' ? { ...storage, volume: withStorageClass(storage.volume, storageClass) } : storage;
}
