import { defineEnvironment } from './define';

/** Developers' sandbox: small, single agent, no HA. */
export const dev = defineEnvironment('dev', {
  tier: 'development',
  domain: 'dev.platform.example.com',
  storageClass: 'standard',
  ci: {
    controller: {
      storage: { size: '10Gi' },
      resources: { requests: { cpu: '250m', memory: '1536Mi' }, limits: { memory: '1536Mi' } },
    },
    agents: {
      autoscaling: { minReplicas: 1, maxReplicas: 2 },
      resources: { requests: { cpu: '250m', memory: '768Mi' }, limits: { memory: '1536Mi' } },
    },
    kubernetesCloud: { containerCap: 4 },
    exposure: { kind: 'addressPool' },
  },
  loadBalancing: {
    cluster: 'dev',
    pool: { addresses: '10.20.0.40-10.20.0.59' },
  },
  operators: { metricsServer: { replicas: 1, kubeletInsecureTls: true } },
  messaging: {
    kafka: {
      nodes: {
        kind: 'combined',
        nodes: {
          replicas: 1,
          storage: { kind: 'jbod', volumes: [{ size: '10Gi' }] },
          resources: { requests: { cpu: '250m', memory: '1536Mi' }, limits: { memory: '1536Mi' } },
        },
      },
    },
    topics: {
      'build-events': { partitions: 1, retentionHours: 24 },
      deployments: { partitions: 1, retentionHours: 72 },
    },
  },
  registry: {
    imageStorage: { kind: 'filesystem', volume: { size: '20Gi' } },
    database: { kind: 'internal', volume: { size: '2Gi' }, passwordSecret: 'harbor-database' },
    redis: { kind: 'internal', volume: { size: '1Gi' } },
    trivy: { enabled: false },
    exposure: { kind: 'addressPool' },
  },
  esSync: {
    source: { hosts: ['https://es-source.dev.example.com:9200'] },
    destination: { hosts: ['https://es-destination.dev.example.com:9200'] },
    // The base's incremental sync of orders, renamed and more recent; small queues.
    syncs: {
      orders: {
        rename: { kind: 'prefix', prefix: 'dev-copy-' },
        mode: { kind: 'incremental', tracking: { since: '2026-11-01T00:00:00Z', overlap: '2m' } },
        softDelete: { field: 'deleted' },
        workers: 1,
      },
    },
    storage: { size: '5Gi' },
    resources: { requests: { cpu: '250m', memory: '1536Mi' }, limits: { memory: '1536Mi' } },
    heap: '768Mi',
    queue: { maxBytes: '512Mi' },
    deadLetterQueue: { maxBytes: '256Mi' },
    drainSeconds: 120,
  },
  // Open pull requests labelled `preview` get a preview environment in the dev cluster.
  delivery: {
    previews: { kind: 'github', owner: 'example', repo: 'keelson', tokenRef: { name: 'github-token', key: 'token' }, labels: ['preview'] },
  },
  logging: {
    loki: { storage: { kind: 'filesystem', volume: { size: '5Gi' } }, retentionDays: 3 },
    grafana: { exposure: { kind: 'addressPool' } },
  },
  tracing: {
    jaeger: { storage: { kind: 'memory', maxTraces: 20000 } },
  },
  overview: { nodes: 1 },
});
