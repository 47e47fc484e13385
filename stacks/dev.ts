import { defineEnvironment } from './define';

/** Developers' sandbox: small, single agent, no HA. */
export const dev = defineEnvironment('dev', {
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
    exposure: { kind: 'ingress', className: 'nginx', tls: false },
  },
  overview: { nodes: 1 },
});
