import { EnvironmentConfig } from './types';

/**
 * Defaults shared by every environment. Environment files override only what differs,
 * so a reviewer reading `prod.ts` sees exactly how prod departs from the norm.
 */
export const base: Omit<EnvironmentConfig, 'name'> = {
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
      templates: [
        {
          name: 'default',
          labels: ['kubernetes', 'linux'],
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        },
      ],
    },
    credentials: [],
    networkPolicy: false,
    exposure: { kind: 'ingress', className: 'nginx', tls: true },
  },
  // A small three-node cluster; environments with more nodes say so.
  overview: { nodes: 3 },
};

