/**
 * How Loki 3.7 maps OpenTelemetry logs received on `/otlp` to its data model ("Ingesting logs to
 * Loki using OpenTelemetry Collector", format considerations, v3.7.x docs): these resource
 * attributes become index (stream) labels, every other attribute becomes structured metadata, and
 * the record's TraceId and SpanId become the structured metadata `trace_id` and `span_id`.
 * Attribute names are written with every character outside [a-zA-Z0-9_] replaced by `_`.
 */
export const LOKI_OTLP_INDEX_ATTRIBUTES = [
  'cloud.availability_zone',
  'cloud.region',
  'container.name',
  'deployment.environment',
  'k8s.cluster.name',
  'k8s.container.name',
  'k8s.cronjob.name',
  'k8s.daemonset.name',
  'k8s.deployment.name',
  'k8s.job.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.replicaset.name',
  'k8s.statefulset.name',
  'service.instance.id',
  'service.name',
  'service.namespace',
] as const;

/** Structured metadata key of an OTLP log record's trace id. */
export const LOKI_OTLP_TRACE_ID_KEY = 'trace_id';

/** The Loki label (or structured metadata key) an OpenTelemetry attribute is stored under. */
export function lokiAttributeName(attribute: string): string {
  return attribute.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** Stream labels of logs received over OTLP, under Loki's default attribute mapping. */
export const LOKI_OTLP_STREAM_LABELS: readonly string[] = LOKI_OTLP_INDEX_ATTRIBUTES.map(lokiAttributeName);
