import type { KafkaTopicSettings, KafkaUserSettings, MessagingSettings } from '../../charts/messaging';
import type { DeliverySettings } from '../../charts/argocd';
import type { SecretBackend } from '../../charts/external-secrets';
import type { TracingSettings } from '../../charts/tracing';
import type { KafkaClusterProps } from '../../constructs/kafka/kafka-cluster';
import type { KafkaTopicProps } from '../../constructs/kafka/kafka-topic';
import type { KafkaUserProps } from '../../constructs/kafka/kafka-user';
import type { ArgoCdApplicationProps, GitDirectorySource } from '../../constructs/argocd/application';
import type { ExternalSecretProps } from '../../constructs/external-secrets/external-secret';
import type { JaegerProps } from '../../constructs/tracing/jaeger';
import { ENVIRONMENT_SHAPES } from '../../stacks/environment-shape.generated';

/**
 * A chart's settings pass construct props through with the construct's own types (a field the
 * construct widens or narrows follows without a second edit). Checked by `npm run typecheck`
 * (part of `npm test`): a settings field restated with a different type fails to compile.
 */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equals<A, B>): Equals<A, B> => proof;

type ExternalSecretsBackend = Extract<SecretBackend, { kind: 'externalSecrets' }>;

describe('chart settings derived from construct props', () => {
  test('messaging: topics, users and the cluster take the Kafka constructs’ field types', () => {
    const proofs: boolean[] = [
      same<KafkaTopicSettings['partitions'], NonNullable<KafkaTopicProps['partitions']>>(true),
      same<KafkaTopicSettings['replicas'], KafkaTopicProps['replicas']>(true),
      same<KafkaTopicSettings['retentionHours'], KafkaTopicProps['retentionHours']>(true),
      same<KafkaTopicSettings['cleanupPolicy'], KafkaTopicProps['cleanupPolicy']>(true),
      same<KafkaUserSettings['authentication'], KafkaUserProps['authentication']>(true),
      same<KafkaUserSettings['acls'], NonNullable<KafkaUserProps['acls']>>(true),
      same<MessagingSettings['kafka']['nodes'], KafkaClusterProps['nodes']>(true),
      same<MessagingSettings['kafka']['replicationFactor'], KafkaClusterProps['defaultReplicationFactor']>(true),
      same<MessagingSettings['kafka']['minInsyncReplicas'], KafkaClusterProps['minInsyncReplicas']>(true),
    ];
    expect(proofs.every(Boolean)).toBe(true);
  });

  test('delivery, secrets and tracing take the Argo CD, External Secrets and Jaeger field types', () => {
    const proofs: boolean[] = [
      same<DeliverySettings['repoURL'], GitDirectorySource['repoURL']>(true),
      same<DeliverySettings['revision'], GitDirectorySource['revision']>(true),
      same<DeliverySettings['argocd']['namespace'], ArgoCdApplicationProps['namespace']>(true),
      same<DeliverySettings['argocd']['server'], ArgoCdApplicationProps['destination']['server']>(true),
      same<ExternalSecretsBackend['refreshInterval'], ExternalSecretProps['refreshInterval']>(true),
      same<TracingSettings['jaeger']['storage'], JaegerProps['storage']>(true),
      same<TracingSettings['jaeger']['resources'], JaegerProps['resources']>(true),
      same<TracingSettings['jaeger']['replicas'], JaegerProps['replicas']>(true),
      same<TracingSettings['jaeger']['sampling'], JaegerProps['sampling']>(true),
    ];
    expect(proofs.every(Boolean)).toBe(true);
  });

  // The generated shape lists keys in declaration order and names what is required there; the
  // topic's partitions and the user's ACLs stay required although the constructs default them.
  test('the environment shape keeps the messaging fields, their order and required-ness', () => {
    const src = JSON.stringify(ENVIRONMENT_SHAPES.EnvironmentConfig);
    const messaging = JSON.parse(src).o.messaging;
    expect(Object.keys(messaging.o)).toEqual(['enabled', 'kafka', 'topics', 'users']);
    expect(Object.keys(messaging.o.kafka.o)).toEqual(['nodes', 'replicationFactor', 'minInsyncReplicas', 'externalListener']);
    expect(messaging.o.kafka.r).toEqual(['nodes', 'externalListener']);
    expect(Object.keys(messaging.o.topics.x.o)).toEqual(['partitions', 'replicas', 'retentionHours', 'cleanupPolicy']);
    expect(messaging.o.topics.x.r).toEqual(['partitions']);
    expect(messaging.o.users.x.r).toEqual(['authentication', 'acls']);
    expect(Object.keys(JSON.parse(src).o.tracing.o.jaeger.o)).toEqual(['storage', 'resources', 'replicas', 'sampling']);
  });
});
