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
} as const satisfies Record<string, ImageRef>;

export function imageName(ref: ImageRef): string {
  return `${ref.repository}:${ref.tag}`;
}

const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** An image must name a repository and a pinned tag (never `latest`). */
export function checkImage(checks: Checks, field: string, ref: ImageRef | undefined): ImageRef {
  checks.that(ref !== undefined && typeof ref.repository === 'string' && ref.repository.length > 0, `${field}.repository`, ref?.repository, 'must name an image repository');
  const tag = ref!.tag;
  checks.that(typeof tag === 'string' && TAG_PATTERN.test(tag), `${field}.tag`, tag, 'must be an image tag (letters, digits, "_", "." and "-")');
  checks.that(tag !== 'latest', `${field}.tag`, tag, 'must be pinned to a released version, not "latest"');
  return ref!;
}
