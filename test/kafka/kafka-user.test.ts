import { validateObject } from '../../cli/validation/schemas';
import { KafkaCluster } from '../../constructs/kafka/kafka-cluster';
import { KafkaUser } from '../../constructs/kafka/kafka-user';
import { find, scope, synthesize } from '../support/harness';
import { dedicated } from './fixture';

describe('KafkaUser', () => {
  let user!: KafkaUser;
  const objects = synthesize((c) => {
    const cluster = new KafkaCluster(c, 'kafka', dedicated);
    user = new KafkaUser(c, 'jenkins', {
      cluster,
      name: 'jenkins',
      authentication: 'scram-sha-512',
      acls: [
        { resource: { type: 'topic', name: 'build-', patternType: 'prefix' }, operations: ['Write', 'Describe'] },
        { resource: { type: 'cluster' }, operations: ['IdempotentWrite'] },
      ],
    });
    new KafkaUser(c, 'reader', {
      cluster,
      name: 'reader',
      authentication: 'tls',
      acls: [{ resource: { type: 'group', name: 'platform' }, operations: ['Read'], type: 'deny' }],
    });
  });

  test('SCRAM user with typed ACLs, bound to its cluster; credentials land in a Secret named after it', () => {
    const u = find(objects, 'KafkaUser', 'jenkins');
    expect(u.metadata.labels['strimzi.io/cluster']).toBe('kafka');
    expect(u.spec).toEqual({
      authentication: { type: 'scram-sha-512' },
      authorization: {
        type: 'simple',
        acls: [
          { resource: { type: 'topic', name: 'build-', patternType: 'prefix' }, operations: ['Write', 'Describe'], type: 'allow' },
          { resource: { type: 'cluster' }, operations: ['IdempotentWrite'], type: 'allow' },
        ],
      },
    });
    expect(user.secretName).toBe('jenkins');
  });

  test('mutual-TLS user with a deny rule', () => {
    expect(find(objects, 'KafkaUser', 'reader').spec.authorization.acls[0]).toEqual({
      resource: { type: 'group', name: 'platform', patternType: 'literal' },
      operations: ['Read'],
      type: 'deny',
    });
  });

  test('valid against the Strimzi KafkaUser CRD', () => {
    for (const o of objects.filter((x) => x.kind === 'KafkaUser')) expect(validateObject(o as never)).toEqual([]);
  });

  describe('errors', () => {
    const build =
      (props: object, cluster: object = dedicated) =>
      () => {
        const s = scope('prod');
        new KafkaUser(s, 'user', { cluster: new KafkaCluster(s, 'kafka', cluster as never), name: 'app', authentication: 'tls', ...props });
      };
    test('an authentication no listener offers', () => {
      expect(build({ authentication: 'tls' }, { ...dedicated, listeners: { tls: false } })).toThrow(
        "kafka-user 'test/user' (prod): authentication must be offered by a listener of Kafka cluster 'kafka' (scram-sha-512); got \"tls\"",
      );
    });
    test('ACLs on a cluster without authorization', () => {
      expect(build({ acls: [{ resource: { type: 'topic', name: 'a' }, operations: ['Read'] }] }, { ...dedicated, authorization: { kind: 'none' } })).toThrow(
        "kafka-user 'test/user' (prod): acls must be empty: Kafka cluster 'kafka' has authorization disabled, so ACLs would not be enforced; got 1",
      );
    });
    test('a bad operation, a nameless resource and a bad user name', () => {
      expect(build({ acls: [{ resource: { type: 'topic', name: 'a' }, operations: ['Publish'] }] })).toThrow(
        'kafka-user \'test/user\' (prod): acls[0].operations[0] must be one of Read, Write, Create, Delete, Alter, Describe, ClusterAction, AlterConfigs, DescribeConfigs, IdempotentWrite, All; got "Publish"',
      );
      expect(build({ acls: [{ resource: { type: 'topic', name: '' }, operations: ['Read'] }] })).toThrow(
        "kafka-user 'test/user' (prod): acls[0].resource.name must name the resource ('*' for all); got \"\"",
      );
      expect(build({ name: 'a'.repeat(65) })).toThrow(
        `kafka-user 'test/user' (prod): name must be at most 64 characters for a TLS user (it becomes the certificate's common name); got "${'a'.repeat(65)}"`,
      );
      expect(build({ name: 'App User' })).toThrow(
        'kafka-user \'test/user\' (prod): name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "App User"',
      );
    });
  });
});
