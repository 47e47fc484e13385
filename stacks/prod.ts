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
  },
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
});
