import { JenkinsClusterProps } from '../../constructs/jenkins/jenkins-cluster';

/** A complete, valid JenkinsCluster configuration that tests vary. */
export const JENKINS: JenkinsClusterProps = {
  url: 'https://jenkins.example.com',
  admin: { username: { name: 'jenkins-admin', key: 'username' }, password: { name: 'jenkins-admin', key: 'password' } },
  controller: {
    storage: { size: '20Gi', storageClass: 'fast' },
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  },
  agents: {
    autoscaling: { minReplicas: 1, maxReplicas: 5, cpuUtilization: 60, memoryUtilization: 75 },
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    username: { name: 'swarm', key: 'user' },
    password: { name: 'swarm', key: 'token' },
  },
  kubernetesCloud: {
    templates: { default: { labels: ['k8s'], resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } } },
  },
};
