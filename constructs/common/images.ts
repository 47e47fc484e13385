import { Checks } from './errors';

/** A container image pinned to a released tag. */
export interface ImageRef {
  readonly repository: string;
  readonly tag: string;
}

/**
 * Every image keelson deploys, pinned in one place. Tags are real upstream releases; bump them
 * here (and regenerate the manifests) to upgrade a component everywhere.
 */
export const IMAGES = {
  /** Jenkins LTS on JDK 21. */
  jenkins: { repository: 'docker.io/jenkins/jenkins', tag: '2.580.1-lts-jdk21' },
  /** Jenkins inbound agent (remoting) on JDK 21; also runs the Swarm client of the agent pool. */
  jenkinsAgent: { repository: 'docker.io/jenkins/inbound-agent', tag: '3391.va_37fa_a_305d6d-3-jdk21' },
  // es-sync
  /** Logstash 9 (bundles logstash-input-elasticsearch 5.x, the elasticsearch output and the dead_letter_queue input). */
  logstash: { repository: 'docker.elastic.co/logstash/logstash', tag: '9.5.4' },
  // Logging and tracing
  /** Grafana Loki 3.7, run monolithic (-target=all). */
  loki: { repository: 'docker.io/grafana/loki', tag: '3.7.8' },
  /** Grafana Alloy 1.x, the log collector (Promtail reached end of life in March 2026). */
  alloy: { repository: 'docker.io/grafana/alloy', tag: 'v1.21.2' },
  /** Grafana 13. */
  grafana: { repository: 'docker.io/grafana/grafana', tag: '13.2.3' },
  /** OpenTelemetry Collector, contrib distribution (k8sattributes lives there). */
  otelCollector: { repository: 'docker.io/otel/opentelemetry-collector-contrib', tag: '0.162.0' },
  /** Jaeger v2 (built on the OpenTelemetry Collector; v1 reached end of life in December 2025). */
  jaeger: { repository: 'docker.io/jaegertracing/jaeger', tag: '2.22.0' },
} as const satisfies Record<string, ImageRef>;

export function imageName(ref: ImageRef): string {
  return `${ref.repository}:${ref.tag}`;
}

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** An image must name a repository and a pinned tag (never `latest`). */
export function checkImage(checks: Checks, field: string, ref: ImageRef | undefined): ImageRef {
  checks.that(
    ref !== undefined && typeof ref.repository === 'string' && ref.repository.length > 0,
    `${field}.repository`,
    ref?.repository,
    'must name an image repository',
  );
  const tag = ref.tag;
  checks.that(typeof tag === 'string' && TAG_PATTERN.test(tag), `${field}.tag`, tag, 'must be an image tag (letters, digits, "_", "." and "-")');
  checks.that(tag !== 'latest', `${field}.tag`, tag, 'must be pinned to a released version, not "latest"');
  return ref;
}
