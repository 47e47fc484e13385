import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { AutoscalingSpec, HorizontalAutoscaler } from '../common/autoscaling';
import { PodDisruptionBudget } from '../common/disruption';
import { ImageRef } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { ResourceSpec } from '../common/resources';
import { SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { POD_IDENTITY_ENV, container, scratchVolume, topologySpread } from '../common/workload';
import { JENKINS_UID } from './controller';

export const SWARM_METRICS_PORT = 9100;
const AGENT_ROOT = '/home/jenkins/agent';
/** The Swarm password as a file (Secret volume): builds inherit the agent's environment, not its files' contents. */
export const SWARM_PASSWORD_FILE = '/run/secrets/swarm/password';

/** Resolved settings of the Swarm agent pool; JenkinsCluster validates and defaults them. */
export interface JenkinsAgentPoolProps {
  readonly name: string;
  readonly instance: string;
  readonly image: ImageRef;
  readonly autoscaling: AutoscalingSpec;
  readonly executors: number;
  readonly labels: readonly string[];
  readonly resources: ResourceSpec;
  readonly heapMebibytes: number;
  readonly controllerUrl: string;
  /** `host:port` of the inbound TCP listener; undefined means WebSocket. */
  readonly tunnel?: string;
  readonly username: SecretKeyRef;
  readonly password: SecretKeyRef;
  readonly terminationGracePeriodSeconds: number;
  readonly disruptionBudget: boolean;
  readonly imagePullSecrets: readonly string[];
}

/**
 * Probes for the Swarm client, which serves Prometheus metrics over HTTP once it runs:
 * liveness only needs the port open, readiness asks for the metrics page.
 */
export const AGENT_PROBES: HealthProbes = {
  // Time to download the client jar from the controller and connect (the controller may be booting).
  startup: { action: tcpSocket('metrics'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 60 },
  liveness: { action: tcpSocket('metrics'), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 5 },
  readiness: { action: httpGet('/prometheus', 'metrics'), periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 },
};

/**
 * A pool of long-lived agents that register themselves with the controller (Swarm client) and
 * that a HorizontalPodAutoscaler scales on CPU and memory. The client jar is fetched from the
 * controller so its version always matches the controller's Swarm plugin.
 */
export class JenkinsAgentPool extends Construct {
  readonly deploymentName: string;
  readonly selector: Record<string, string>;

  constructor(scope: Construct, id: string, props: JenkinsAgentPoolProps) {
    super(scope, id);
    this.deploymentName = props.name;
    const labels = recommendedLabels({ name: 'jenkins', instance: props.instance, component: 'swarm-agent', version: props.image.tag });
    this.selector = selectorLabels({ name: 'jenkins', instance: props.instance, component: 'swarm-agent' });

    const swarmArgs = [
      '-url "$JENKINS_URL"',
      props.tunnel === undefined ? '-webSocket' : `-tunnel ${props.tunnel}`,
      '-name "$POD_NAME"',
      '-disableClientsUniqueId',
      '-deleteExistingClients',
      `-executors ${props.executors}`,
      `-labels '${props.labels.join(' ')}'`,
      '-mode exclusive',
      `-fsroot ${AGENT_ROOT}`,
      '-retry 30',
      `-prometheusPort ${SWARM_METRICS_PORT}`,
      '-username "$SWARM_USERNAME"',
      // Every build on this agent inherits the client's environment (and Jenkins shows it on the
      // node's System Information page), so the password is read from a file, not a variable.
      `-passwordFile ${SWARM_PASSWORD_FILE}`,
    ];
    const script = [
      `curl --fail --silent --show-error --location --retry 30 --retry-delay 10 --retry-all-errors -o /tmp/swarm-client.jar "$JENKINS_URL/swarm/swarm-client.jar"`,
      `exec java $JAVA_OPTS -jar /tmp/swarm-client.jar ${swarmArgs.join(' ')}`,
    ].join('\n');

    // Equal bounds mean a fixed pool: an autoscaler would have nothing to decide.
    const autoscaled = props.autoscaling.maxReplicas > props.autoscaling.minReplicas;
    new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: props.name, labels },
      spec: {
        // With an HPA the count is the HPA's alone: a declared count would be re-applied by Argo CD
        // self-heal and every `pulumi up`, scaling away agents mid-build.
        replicas: autoscaled ? undefined : props.autoscaling.minReplicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: this.selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext({ user: JENKINS_UID }),
            // A removed agent gets time to finish its running build step.
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
            enableServiceLinks: false,
            // Agents share build load: losing a node or a zone must not take every agent.
            topologySpreadConstraints: topologySpread(this.selector),
            imagePullSecrets: props.imagePullSecrets.length ? props.imagePullSecrets.map((name) => ({ name })) : undefined,
            containers: [
              container({
                name: 'swarm-agent',
                image: props.image,
                command: ['/bin/sh', '-ec'],
                args: [script],
                ports: [{ name: 'metrics', port: SWARM_METRICS_PORT }],
                env: [
                  ...POD_IDENTITY_ENV,
                  { name: 'JENKINS_URL', value: props.controllerUrl },
                  { name: 'JAVA_OPTS', value: `-Xmx${props.heapMebibytes}m -XX:+ExitOnOutOfMemoryError` },
                  secretEnv('SWARM_USERNAME', props.username),
                ],
                resources: props.resources,
                probes: AGENT_PROBES,
                workingDir: AGENT_ROOT,
                volumeMounts: [
                  { name: 'workspace', mountPath: AGENT_ROOT },
                  { name: 'remoting-cache', mountPath: '/home/jenkins/.jenkins' },
                  { name: 'tmp', mountPath: '/tmp' },
                  { name: 'swarm-password', mountPath: SWARM_PASSWORD_FILE.slice(0, SWARM_PASSWORD_FILE.lastIndexOf('/')), readOnly: true },
                ],
              }),
            ],
            volumes: [
              scratchVolume('workspace', '20Gi'),
              scratchVolume('remoting-cache', '1Gi'),
              scratchVolume('tmp', '2Gi'),
              {
                name: 'swarm-password',
                // Readable by the pod's fsGroup (the agent user) only.
                secret: {
                  secretName: props.password.name,
                  items: [{ key: props.password.key, path: SWARM_PASSWORD_FILE.slice(SWARM_PASSWORD_FILE.lastIndexOf('/') + 1) }],
                  defaultMode: 0o440,
                },
              },
            ],
          },
        },
      },
    });

    if (autoscaled) {
      new HorizontalAutoscaler(this, 'Autoscaler', {
        name: props.name,
        labels,
        component: 'jenkins',
        field: 'agents.autoscaling',
        spec: props.autoscaling,
        target: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
      });
    }

    if (props.disruptionBudget) {
      new PodDisruptionBudget(this, 'DisruptionBudget', { name: props.name, labels, selector: this.selector, budget: { maxUnavailable: 1 } });
    }
  }
}
