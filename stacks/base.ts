import { EnvironmentConfig } from './types';

/**
 * Defaults shared by every environment. Environment files override only what differs,
 * so a reviewer reading `prod.ts` sees exactly how prod departs from the norm.
 */
export const base: Omit<EnvironmentConfig, 'name' | 'tier'> = {
  scope: 'namespaced',
  domain: 'platform.example.com',
  ci: {
    admin: { username: { name: 'jenkins-admin', key: 'username' }, password: { name: 'jenkins-admin', key: 'password' } },
    controller: {
      storage: { size: '50Gi' },
      resources: { requests: { cpu: '1', memory: '3Gi' }, limits: { memory: '3Gi' } },
    },
    agents: {
      autoscaling: { minReplicas: 1, maxReplicas: 4, cpuUtilization: 70, memoryUtilization: 80, scaleDownStabilizationSeconds: 600 },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
      executors: 2,
      labels: ['swarm', 'linux'],
      username: { name: 'jenkins-swarm-agent', key: 'username' },
      password: { name: 'jenkins-swarm-agent', key: 'password' },
    },
    kubernetesCloud: {
      containerCap: 10,
      templates: {
        default: {
          labels: ['kubernetes', 'linux'],
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        },
      },
    },
    credentials: [],
    networkPolicy: false,
    // Named groups from the security realm; the local administrator stays as the break-glass account.
    authorization: {
      kind: 'globalMatrix',
      entries: [
        { type: 'group', name: 'jenkins-admins', permissions: ['Overall/Administer'] },
        { type: 'group', name: 'jenkins-developers', permissions: ['Overall/Read', 'Job/Read', 'Job/Build', 'Job/Cancel', 'View/Read'] },
      ],
    },
    exposure: { kind: 'ingress', className: 'nginx', tls: true },
  },
  esSync: {
    enabled: true,
    name: 'es-sync',
    source: {
      hosts: ['https://es-source.example.com:9200'],
      auth: { kind: 'basic', username: { name: 'es-sync-source', key: 'username' }, password: { name: 'es-sync-source', key: 'password' } },
      tls: { ca: { name: 'es-sync-source-ca', key: 'ca.crt' } },
    },
    destination: {
      hosts: ['https://es-destination.example.com:9200'],
      auth: { kind: 'apiKey', apiKey: { name: 'es-sync-destination', key: 'api-key' } },
      tls: { ca: { name: 'es-sync-destination-ca', key: 'ca.crt' } },
    },
    syncs: {
      orders: {
        indices: ['orders-*'],
        mode: { kind: 'incremental', schedule: '*/5 * * * *', tracking: { field: 'updated_at', since: '2026-01-01T00:00:00Z' } },
      },
    },
    storage: { size: '20Gi' },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
    heap: '1Gi',
    queue: { maxBytes: '2Gi' },
    deadLetterQueue: { maxBytes: '1Gi', storagePolicy: 'drop_older', retainAge: '7d' },
  },
  networkIsolation: false,
  ingressControllerNamespace: 'ingress-nginx',
  loadBalancing: {
    cluster: 'default',
    backend: { kind: 'openelb' },
    pool: { addresses: '10.0.0.0/28', announcement: { kind: 'layer2', interface: 'eth0' } },
  },
  operators: {
    installClusterAddons: true,
    metricsServer: { replicas: 2, kubeletInsecureTls: false },
    strimziReplicas: 1,
    externalSecretsReplicas: 1,
  },
  messaging: {
    enabled: true,
    kafka: {
      nodes: {
        kind: 'dedicated',
        controllers: {
          replicas: 3,
          storage: { kind: 'jbod', volumes: [{ size: '20Gi' }] },
          resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } },
        },
        brokers: {
          replicas: 3,
          storage: { kind: 'jbod', volumes: [{ size: '100Gi' }] },
          resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
        },
      },
      externalListener: false,
    },
    topics: {
      'build-events': { partitions: 6, retentionHours: 168 },
      deployments: { partitions: 3, retentionHours: 720 },
    },
    users: {
      jenkins: {
        authentication: 'scram-sha-512',
        acls: [
          { resource: { type: 'topic', name: 'build-events' }, operations: ['Write', 'Describe'] },
          { resource: { type: 'topic', name: 'deployments' }, operations: ['Write', 'Describe'] },
        ],
      },
      'platform-reader': {
        authentication: 'tls',
        acls: [
          { resource: { type: 'topic', name: '*' }, operations: ['Read', 'Describe'] },
          { resource: { type: 'group', name: 'platform-', patternType: 'prefix' }, operations: ['Read'] },
        ],
      },
    },
  },
  registry: {
    enabled: true,
    exposure: { kind: 'ingress', className: 'nginx', tls: true },
    adminPassword: { secretName: 'harbor-admin' },
    encryptionKeySecret: 'harbor-encryption-key',
    internalSecret: 'harbor-internal',
    tokenCertSecret: 'harbor-token-cert',
    imageStorage: { kind: 'filesystem', volume: { size: '100Gi' } },
    database: { kind: 'internal', volume: { size: '10Gi' }, passwordSecret: 'harbor-database' },
    redis: { kind: 'internal', volume: { size: '2Gi' } },
    trivy: { enabled: true, volume: { size: '10Gi' } },
    replicas: 1,
    ciPush: { credentialId: 'harbor-push', username: 'robot$ci+jenkins', password: { name: 'harbor-robot-ci', key: 'token' } },
    ciPullSecret: 'harbor-pull',
  },
  delivery: {
    mode: 'direct',
    repoURL: 'https://github.com/example/keelson.git',
    revision: 'main',
    argocd: { appOfApps: true, namespace: 'argocd', project: 'default', server: 'https://kubernetes.default.svc' },
    previews: { kind: 'none' },
  },
  logging: {
    loki: {
      storage: { kind: 'filesystem', volume: { size: '20Gi' } },
      retentionDays: 7,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    },
    alloy: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } } },
    grafana: {
      admin: { user: { name: 'grafana-admin', key: 'username' }, password: { name: 'grafana-admin', key: 'password' } },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      exposure: { kind: 'ingress', className: 'nginx', tls: true },
    },
  },
  tracing: {
    jaeger: {
      storage: { kind: 'memory', maxTraces: 50000 },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    },
    collector: {
      agent: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } } },
      gateway: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    },
    logsToLoki: true,
  },
  // A small three-node cluster; environments with more nodes say so.
  overview: { nodes: 3 },
  // `pulumi up` creates the Secrets from stack config; environments synced by Argo CD use the operator.
  secrets: { kind: 'pulumiConfig' },
};
