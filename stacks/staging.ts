import { defineEnvironment } from './define';
import { reportingSyncs } from './index-sets';

/** Pre-production: prod's shape at a smaller size, with network isolation on. */
export const staging = defineEnvironment('staging', {
  tier: 'staging',
  domain: 'staging.platform.example.com',
  storageClass: 'ceph-rbd',
  ci: {
    controller: { storage: { size: '50Gi' } },
    agents: { autoscaling: { minReplicas: 1, maxReplicas: 5 } },
    kubernetesCloud: { containerCap: 15 },
    exposure: { kind: 'addressPool', fixedIp: '10.20.1.11' },
  },
  loadBalancing: {
    cluster: 'staging',
    pool: { addresses: '10.20.1.0/27' },
  },
  messaging: {
    kafka: {
      // The base layout (3 controllers + 3 brokers on JBOD), smaller.
      nodes: {
        kind: 'dedicated',
        controllers: { storage: { kind: 'jbod', volumes: [{ size: '10Gi' }] } },
        brokers: {
          storage: { kind: 'jbod', volumes: [{ size: '50Gi' }] },
          resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
        },
      },
    },
  },
  registry: {
    exposure: { kind: 'addressPool', fixedIp: '10.20.1.10' },
    imageStorage: {
      kind: 's3',
      bucket: 'harbor-staging',
      endpoint: 'http://rook-ceph-rgw-objects.rook-ceph.svc',
      credentialsSecret: 'harbor-s3',
    },
  },
  esSync: {
    // The reporting index sets instead of the base's orders copy.
    syncs: { orders: null, ...reportingSyncs({ fullCopySlices: 2, commerceWorkers: 2 }) },
    storage: { size: '40Gi' },
    queue: { maxBytes: '4Gi' },
    deadLetterQueue: { maxBytes: '2Gi' },
  },
  // Generated from the wiring; replaces the Jenkins construct's own policies.
  networkIsolation: true,
  logging: {
    loki: { storage: { kind: 'filesystem', volume: { size: '50Gi' } }, retentionDays: 14 },
    grafana: { persistence: { size: '5Gi' }, exposure: { kind: 'addressPool', fixedIp: '10.20.1.12' } },
  },
  tracing: {
    jaeger: { storage: { kind: 'badger', volume: { size: '20Gi' }, retentionHours: 72 } },
  },
  // Every Secret from the cluster's store, so Argo CD can sync the environment unattended.
  secrets: { kind: 'externalSecrets', store: { kind: 'ClusterSecretStore', name: 'keelson-staging' }, keyPrefix: 'keelson/staging' },
});
