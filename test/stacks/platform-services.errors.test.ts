import { renderEnvironment } from '../../render';
import { defineEnvironment } from '../../stacks/define';
import { dev } from '../../stacks/dev';
import { prod } from '../../stacks/prod';
import { staging } from '../../stacks/staging';
import { EnvironmentConfig } from '../../stacks/types';

/** A name no registered environment has: the tests below add an environment of their own. */
const EXTRA = 'pool-test';

describe('platform services: environment errors', () => {
  test('pools of environments sharing a cluster must not overlap', () => {
    const extra = defineEnvironment(EXTRA, {
      tier: 'staging',
      domain: `${EXTRA}.platform.example.com`,
      loadBalancing: { cluster: 'staging', pool: { addresses: '10.20.1.16/28' } },
    });
    expect(() => renderEnvironment(extra)).toThrow(
      `load-balancer (${EXTRA}): loadBalancing.pool.addresses must not overlap the pool of environment 'staging' (10.20.1.0/27), which shares cluster 'staging'; got "10.20.1.16/28"`,
    );
  });

  test('the same addresses in another cluster are fine', () => {
    const extra = defineEnvironment(EXTRA, {
      tier: 'staging',
      domain: `${EXTRA}.platform.example.com`,
      loadBalancing: { cluster: EXTRA, pool: { addresses: staging.loadBalancing.pool.addresses } },
    });
    expect(() => renderEnvironment(extra)).not.toThrow();
  });

  test('a fixed IP outside the environment pool', () => {
    const bad: EnvironmentConfig = { ...staging, registry: { ...staging.registry, exposure: { kind: 'addressPool', fixedIp: '10.20.2.10' } } };
    expect(() => renderEnvironment(bad)).toThrow(
      "load-balancer 'network' (staging): registry.exposure.fixedIp must be inside load-balancer pool 'staging-pool' (10.20.1.0/27); got \"10.20.2.10\"",
    );
  });

  test('a malformed pool', () => {
    const bad: EnvironmentConfig = { ...dev, loadBalancing: { ...dev.loadBalancing, pool: { ...dev.loadBalancing.pool, addresses: '10.20.0.40-10.20.0' } } };
    expect(() => renderEnvironment(bad)).toThrow(
      "load-balancer 'network/pool' (dev): pool.addresses must be an IPv4 CIDR with no host bits set (e.g. '192.0.2.0/28') or an ascending range (e.g. '192.0.2.10-192.0.2.20'); got \"10.20.0.40-10.20.0\"",
    );
  });

  test('Kafka sized beyond its brokers', () => {
    const bad: EnvironmentConfig = { ...dev, messaging: { ...dev.messaging, kafka: { ...dev.messaging.kafka, replicationFactor: 3 } } };
    expect(() => renderEnvironment(bad)).toThrow("kafka 'messaging/kafka' (dev): defaultReplicationFactor must be at most the number of brokers (1); got 3");
    const topic: EnvironmentConfig = { ...dev, messaging: { ...dev.messaging, topics: { audit: { partitions: 1, replicas: 2 } } } };
    expect(() => renderEnvironment(topic)).toThrow(
      "kafka-topic 'messaging/topic-audit' (dev): replicas must be at most the number of brokers of Kafka cluster 'kafka' (1); got 2",
    );
  });

  test('Harbor without its admin Secret', () => {
    const bad: EnvironmentConfig = { ...dev, registry: { ...dev.registry, adminPassword: { secretName: '' } } };
    expect(() => renderEnvironment(bad)).toThrow(
      'harbor \'registry/harbor\' (dev): adminPassword.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got ""',
    );
  });

  test('OpenELB over BGP without speaker settings', () => {
    const bad: EnvironmentConfig = { ...dev, loadBalancing: { ...dev.loadBalancing, pool: { ...dev.loadBalancing.pool, announcement: { kind: 'bgp' } } } };
    expect(() => renderEnvironment(bad)).toThrow(
      "load-balancer 'network' (dev): loadBalancing.bgp must set the BGP speaker (localAs, routerId, peers) when the pool is announced over BGP; got nothing",
    );
  });

  test('a pool too small for the Services bound to it (the Kafka external listener takes brokers + 1)', () => {
    const bad: EnvironmentConfig = {
      ...prod,
      loadBalancing: { ...prod.loadBalancing, pool: { ...prod.loadBalancing.pool, addresses: '10.30.0.8/30' } },
      logging: { ...prod.logging, grafana: { ...prod.logging.grafana, exposure: { kind: 'addressPool', fixedIp: '10.30.0.9' } } },
    };
    expect(() => renderEnvironment(bad)).toThrow(
      'load-balancer \'network/pool\' (prod): pool.addresses must hold the 7 LoadBalancer Services bound to it (registry.exposure: 1, ci.exposure: 1, messaging.kafka.externalListener: 4, logging.grafana.exposure: 1); it has 4 addresses; got "10.30.0.8/30"',
    );
  });
});
