import { defineEnvironment } from './define';

/** Pre-production: prod's shape at a smaller size, with network isolation on. */
export const staging = defineEnvironment('staging', {
  domain: 'staging.platform.example.com',
  storageClass: 'ceph-rbd',
  ci: {
    controller: { storage: { size: '50Gi' } },
    agents: { autoscaling: { minReplicas: 1, maxReplicas: 5 } },
    kubernetesCloud: { containerCap: 15 },
    networkPolicy: true,
  },
  logging: {
    loki: { storage: { kind: 'filesystem', volume: { size: '50Gi' } }, retentionDays: 14 },
    grafana: { persistence: { size: '5Gi' } },
  },
  tracing: {
    jaeger: { storage: { kind: 'badger', volume: { size: '20Gi' }, retentionHours: 72 } },
  },
});
