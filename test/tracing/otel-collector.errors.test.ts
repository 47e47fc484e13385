import { OtelCollector, OtelCollectorProps } from '../../constructs/tracing/otel-collector';
import { scope, variant } from '../support/harness';
import { COLLECTOR } from '../support/observability-fixtures';

const bad = (mutate: (d: any) => void) => () => new OtelCollector(scope('prod'), 'otel', variant(COLLECTOR, mutate) as OtelCollectorProps);
const prefix = "otel-collector 'test/otel' (prod): ";

describe('OtelCollector rejects bad input with the field and the value received', () => {
  test.each<[string, (d: any) => void, string]>([
    [
      'gateway HPA min > max',
      (d) => (d.gateway.autoscaling = { minReplicas: 5, maxReplicas: 3 }),
      'gateway.autoscaling.minReplicas must not exceed maxReplicas (3); got 5',
    ],
    [
      'gateway HPA max of zero',
      (d) => (d.gateway.autoscaling = { minReplicas: 1, maxReplicas: 0 }),
      'gateway.autoscaling.maxReplicas must be a whole number between 1 and 1000; got 0',
    ],
    [
      'replicas and an HPA together',
      (d) => (d.gateway.replicas = 3),
      'gateway.replicas must not be set together with gateway.autoscaling (the autoscaler owns the replica count); got 3',
    ],
    [
      'zero gateway replicas',
      (d) => {
        delete d.gateway.autoscaling;
        d.gateway.replicas = 0;
      },
      'gateway.replicas must be a whole number between 1 and 100; got 0',
    ],
    [
      'a traces endpoint with a scheme',
      (d) => (d.tracesTo.endpoint = 'http://jaeger:4317'),
      'tracesTo.endpoint must be host:port of an OTLP/gRPC receiver; got "http://jaeger:4317"',
    ],
    ['a traces endpoint without port', (d) => (d.tracesTo.endpoint = 'jaeger'), 'tracesTo.endpoint must be host:port of an OTLP/gRPC receiver; got "jaeger"'],
    [
      'a spike limit above the limit',
      (d) => (d.memoryLimiter = { limitPercentage: 50, spikeLimitPercentage: 60 }),
      'memoryLimiter.spikeLimitPercentage must be a whole number between 1 and 49; got 60',
    ],
    ['no agent resources', (d) => delete d.agent.resources, 'agent.resources must set requests { cpu, memory } and limits { memory }; got nothing'],
    [
      'an invalid namespace',
      (d) => (d.namespace = ''),
      'namespace must be a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters, starting and ending alphanumeric); got ""',
    ],
  ])('%s', (_name, mutate, message) => {
    expect(bad(mutate)).toThrow(prefix + message);
  });

  test('logs are wired once, to an absolute URL', () => {
    const c = new OtelCollector(scope('prod'), 'otel', COLLECTOR);
    const target = { kind: 'pods' as const, chart: 'logging', selector: { app: 'loki' } };
    expect(() => c.exportLogsTo({ otlpUrl: 'loki:3100/otlp', target, port: 3100 })).toThrow(
      `${prefix}logs.otlpUrl must be an absolute http(s) URL; got "loki:3100/otlp"`,
    );
    c.exportLogsTo({ otlpUrl: 'http://loki:3100/otlp', target, port: 3100 });
    expect(() => c.exportLogsTo({ otlpUrl: 'http://other:3100/otlp', target, port: 3100 })).toThrow(
      `${prefix}logs must be wired once; got "http://other:3100/otlp"`,
    );
  });
});
