import { defineEnvironment } from './define';

/** Production: large JENKINS_HOME, agents scale to 10, disruption budgets and network isolation. */
export const prod = defineEnvironment('prod', {
  domain: 'platform.example.com',
  storageClass: 'ceph-rbd',
  ci: {
    controller: {
      storage: { size: '200Gi' },
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
    },
    agents: {
      autoscaling: { minReplicas: 2, maxReplicas: 10 },
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
      executors: 2,
      disruptionBudget: true,
    },
    kubernetesCloud: {
      containerCap: 30,
      templates: [
        {
          name: 'default',
          labels: ['kubernetes', 'linux'],
          resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
          instanceCap: 20,
        },
        {
          name: 'large',
          labels: ['kubernetes-large'],
          resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '8Gi' } },
          instanceCap: 4,
        },
      ],
    },
    networkPolicy: true,
    exposure: { kind: 'addressPool', fixedIp: '10.30.0.11' },
  },
  loadBalancing: {
    cluster: 'prod',
    pool: { addresses: '10.30.0.0/26', announcement: { kind: 'bgp' } },
    bgp: {
      localAs: 64512,
      routerId: '10.30.255.1',
      peers: [
        { name: 'tor-a', peerAs: 64500, address: '10.30.255.253' },
        { name: 'tor-b', peerAs: 64500, address: '10.30.255.254' },
      ],
    },
  },
  operators: { strimziReplicas: 2 },
  messaging: {
    kafka: {
      nodes: {
        kind: 'dedicated',
        controllers: {
          replicas: 3,
          storage: { kind: 'jbod', volumes: [{ size: '20Gi' }] },
          resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
        },
        brokers: {
          replicas: 3,
          storage: { kind: 'jbod', volumes: [{ size: '500Gi' }, { size: '500Gi' }] },
          resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } },
        },
      },
      replicationFactor: 3,
      minInsyncReplicas: 2,
      externalListener: true,
    },
  },
  registry: {
    exposure: { kind: 'addressPool', fixedIp: '10.30.0.10' },
    imageStorage: {
      kind: 's3',
      bucket: 'harbor-prod',
      endpoint: 'http://rook-ceph-rgw-objects.rook-ceph.svc',
      credentialsSecret: 'harbor-s3',
    },
    database: {
      kind: 'external',
      host: 'harbor-db.databases.svc',
      username: 'harbor',
      passwordSecret: 'harbor-db',
    },
    redis: { kind: 'external', address: 'harbor-redis.databases.svc:6379', passwordSecret: 'harbor-redis' },
    replicas: 2,
  },
});
