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
  overview: { nodes: 6 },
});
