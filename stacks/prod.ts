import { defineEnvironment } from './define';
import { reportingSyncs } from './index-sets';

/** Production: large JENKINS_HOME, agents scale to 10, disruption budgets and network isolation. */
export const prod = defineEnvironment('prod', {
  tier: 'production',
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
      templates: {
        default: { resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } }, instanceCap: 20 },
        large: {
          labels: ['kubernetes-large'],
          resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '8Gi' } },
          instanceCap: 4,
        },
      },
    },
    exposure: { kind: 'addressPool', fixedIp: '10.30.0.11', tls: true },
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
  operators: { strimziReplicas: 2, externalSecretsReplicas: 2 },
  messaging: {
    kafka: {
      // The base layout (3 controllers + 3 brokers on JBOD), sized for production.
      nodes: {
        kind: 'dedicated',
        controllers: { resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } } },
        brokers: {
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
  esSync: {
    source: { hosts: ['https://es-source-1.example.com:9200', 'https://es-source-2.example.com:9200', 'https://es-source-3.example.com:9200'] },
    destination: { hosts: ['https://es-reporting-1.example.com:9200', 'https://es-reporting-2.example.com:9200', 'https://es-reporting-3.example.com:9200'] },
    // The reporting index sets instead of the base's orders copy.
    syncs: { orders: null, ...reportingSyncs({ fullCopySlices: 6, commerceWorkers: 4 }) },
    // Two sync pipelines per instance, each with an 8Gi queue and a 4Gi DLQ: 24.25Gi, well inside 100Gi.
    storage: { size: '100Gi' },
    resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '8Gi' } },
    heap: '4Gi',
    queue: { maxBytes: '8Gi', checkpointWrites: 1024 },
    deadLetterQueue: { maxBytes: '4Gi', storagePolicy: 'drop_older', retainAge: '14d' },
    drainSeconds: 1200,
    fullCopyBackoffLimit: 3,
  },
  // Generated from the wiring; replaces the Jenkins construct's own policies.
  networkIsolation: true,
  logging: {
    loki: {
      // Chunks and index in the Ceph object store; the volume holds the WAL and compactor work.
      storage: {
        kind: 's3',
        endpoint: 's3.platform.example.com',
        bucket: 'keelson-loki',
        accessKeyId: { name: 'loki-object-storage', key: 'access-key-id' },
        secretAccessKey: { name: 'loki-object-storage', key: 'secret-access-key' },
        volume: { size: '50Gi' },
      },
      retentionDays: 30,
      resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
      limits: { ingestionRateMb: 16, ingestionBurstSizeMb: 32 },
    },
    alloy: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    grafana: {
      persistence: { size: '10Gi' },
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      exposure: { kind: 'addressPool', fixedIp: '10.30.0.12', tls: true },
    },
  },
  tracing: {
    jaeger: {
      storage: {
        kind: 'opensearch',
        serverUrls: ['https://opensearch.platform.example.com:9200'],
        username: { name: 'jaeger-opensearch', key: 'username' },
        password: { name: 'jaeger-opensearch', key: 'password' },
        indexPrefix: 'jaeger-prod',
      },
      replicas: 2,
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
      sampling: { default: { type: 'probabilistic', param: 0.2 }, services: { jenkins: { type: 'probabilistic', param: 0.05 } } },
    },
    collector: {
      agent: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
      gateway: {
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80 },
      },
    },
  },
  overview: { nodes: 6 },
  // Every Secret from the cluster's store, so Argo CD can sync the environment unattended.
  secrets: { kind: 'externalSecrets', store: { kind: 'ClusterSecretStore', name: 'keelson-prod' }, keyPrefix: 'keelson/prod' },
});
