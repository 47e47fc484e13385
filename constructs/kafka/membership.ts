import { Construct } from 'constructs';
import { Checks, pathOf } from '../common/errors';
import { namespaceOf } from '../common/namespace';
import type { KafkaCluster } from './kafka-cluster';

/** A KafkaTopic or KafkaUser: a custom resource Strimzi's entity operator reconciles for one cluster. */
export interface ClusterMember extends Construct {
  readonly cluster: KafkaCluster;
}

/**
 * Strimzi's Topic and User Operators watch one namespace, the Kafka cluster's by default
 * (Strimzi 1.x docs, "Configuring the Entity Operator": `watchedNamespace`); a member rendered
 * elsewhere is never reconciled. Checked once the tree is complete: charts get their namespace
 * from the app that places them.
 */
export function checkWatchedNamespace(checks: Checks, member: ClusterMember, kind: string): void {
  checks.later(() => {
    const mine = namespaceOf(member);
    const theirs = namespaceOf(member.cluster);
    checks.that(
      mine === theirs,
      'namespace',
      mine ?? null,
      `must be the namespace of Kafka cluster '${member.cluster.name}' (${theirs === undefined ? 'none' : JSON.stringify(theirs)}): Strimzi's entity operator watches only that namespace and would never reconcile this ${kind}`,
    );
  });
}

/** Two members of one cluster with one key (in any chart of the app): the later one is reported. */
export function checkUniqueMember<T extends ClusterMember>(
  checks: Checks,
  member: T,
  isSameKind: (c: Construct) => c is T,
  key: (m: T) => string,
  field: string,
  value: string,
  what: string,
  why?: string,
): void {
  checks.later(() => {
    const first = member.node.root.node.findAll().find((c) => isSameKind(c) && c.cluster === member.cluster && key(c) === key(member));
    checks.that(
      first === member,
      field,
      value,
      `must be unique among the ${what} of Kafka cluster '${member.cluster.name}' ('${first && pathOf(first)}' already declares it${why ? `; ${why}` : ''})`,
    );
  });
}
