import { defineEnvironment } from './define';

/** Pre-production: prod's shape at a smaller size, with network isolation on. */
export const staging = defineEnvironment('staging', {
  domain: 'staging.platform.example.com',
  storageClass: 'ceph-rbd',
  ci: {
    controller: { storage: { size: '50Gi' } },
    agents: { autoscaling: { minReplicas: 1, maxReplicas: 5 } },
    kubernetesCloud: { containerCap: 15 },
  },
  // Generated from the wiring; replaces the Jenkins construct's own policies.
  networkIsolation: true,
});
