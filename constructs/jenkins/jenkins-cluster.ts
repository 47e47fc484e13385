import { Construct } from 'constructs';
import { AutoscalingSpec } from '../common/autoscaling';
import { ExposedService, Exposure } from '../common/exposure';
import { ImageRef } from '../common/images';
import { Named } from '../common/named';
import { NetworkPolicy, peers } from '../common/network-policy';
import { HealthProbes } from '../common/probes';
import { ResourceSpec } from '../common/resources';
import { SecretKeyRef } from '../common/secrets';
import { VolumeSpec } from '../common/storage';
import { chartIdOf, recordApiServerFlow, recordFlow } from '../common/wiring';
import { JenkinsAgentPool } from './agent-pool';
import { AuthorizationStrategy, renderCasc } from './casc';
import { JenkinsCloudRbac } from './cloud-rbac';
import { HTTP_PORT, JenkinsController, JenkinsHttps } from './controller';
import { PluginSource } from './plugins';
import { JENKINS_COMPONENT, ResolvedAgents, ResolvedJenkinsCluster, resolveJenkinsCluster } from './jenkins-cluster-resolved';

export interface JenkinsControllerSpec {
  /**
   * Always 1: Jenkins keeps its state in files on JENKINS_HOME with a single writer.
   * Typed as `1` so other values fail to compile; a runtime check covers untyped input.
   * @default 1
   */
  readonly replicas?: 1;
  /**
   * Not supported: an autoscaler on the controller would start a second writer on JENKINS_HOME.
   * Scale builds with `agents` instead. Setting it is an error.
   */
  readonly autoscaling?: never;
  /** JENKINS_HOME volume. */
  readonly storage: VolumeSpec;
  readonly resources: ResourceSpec;
  /** JVM heap as a share of the memory limit; the rest is metaspace, threads and off-heap buffers. @default 50 */
  readonly heapPercent?: number;
  /** @default IMAGES.jenkins */
  readonly image?: ImageRef;
  /** @default CONTROLLER_PROBES (login page, startup up to 10 minutes) */
  readonly probes?: HealthProbes;
}

/** Self-registering agents (Swarm client) scaled by a HorizontalPodAutoscaler. */
export interface JenkinsAgentPoolSpec {
  /** Equal `minReplicas` and `maxReplicas` make a fixed pool without a HorizontalPodAutoscaler. */
  readonly autoscaling: AutoscalingSpec;
  readonly resources: ResourceSpec;
  /** Build slots per agent. @default 2 */
  readonly executors?: number;
  /** Jenkins labels the agents offer. @default ['swarm', 'linux'] */
  readonly labels?: readonly string[];
  /** @default IMAGES.jenkinsAgent (inbound-agent, which has Java and curl) */
  readonly image?: ImageRef;
  /**
   * Jenkins user the agents register as. It gets exactly SWARM_AGENT_PERMISSIONS in the matrix;
   * the password reaches the Swarm client as a file, never as an environment variable.
   */
  readonly username: SecretKeyRef;
  readonly password: SecretKeyRef;
  /** Time a scaled-down agent gets to finish its work. @default 300 */
  readonly terminationGracePeriodSeconds?: number;
  /** A PodDisruptionBudget allowing one agent down at a time. @default false */
  readonly disruptionBudget?: boolean;
}

/** An ephemeral pod agent template of the Kubernetes cloud; its name is its key in `KubernetesCloudSpec.templates`. */
export interface PodTemplateSpec {
  readonly labels: readonly string[];
  readonly resources: ResourceSpec;
  /** @default IMAGES.jenkinsAgent */
  readonly image?: ImageRef;
  /** Minutes an idle agent pod is kept for reuse. @default 0 (one pod per build) */
  readonly idleMinutes?: number;
  /** Maximum concurrent pods of this template. @default 10 */
  readonly instanceCap?: number;
}

export interface KubernetesCloudSpec {
  /** Maximum concurrent agent pods across templates. @default 10 */
  readonly containerCap?: number;
  /** Pod templates keyed by name (a DNS label), in insertion order. */
  readonly templates: Named<PodTemplateSpec>;
}

/** A Jenkins credential; the secret part is a Secret reference. */
export type JenkinsCredentialSpec =
  | { readonly kind: 'usernamePassword'; readonly id: string; readonly description?: string; readonly username: string; readonly password: SecretKeyRef }
  | { readonly kind: 'secretText'; readonly id: string; readonly description?: string; readonly secret: SecretKeyRef };

export interface JenkinsClusterProps {
  /** External URL users reach Jenkins at (used for links Jenkins generates). */
  readonly url: string;
  /** The initial administrator, from a Secret. */
  readonly admin: { readonly username: SecretKeyRef; readonly password: SecretKeyRef };
  readonly controller: JenkinsControllerSpec;
  /** @default undefined (no Swarm agent pool) */
  readonly agents?: JenkinsAgentPoolSpec;
  /** @default undefined (no Kubernetes cloud) */
  readonly kubernetesCloud?: KubernetesCloudSpec;
  /** @default { kind: 'install', plugins: DEFAULT_PLUGINS } */
  readonly plugins?: PluginSource;
  /**
   * Further rows of the global matrix. The administrator (Overall/Administer) and, with agents,
   * the Swarm user (SWARM_AGENT_PERMISSIONS) are always added. `loggedInUsersCanDoAnything` is
   * refused with agents: their user would be an administrator, and builds run next to its password.
   * @default { kind: 'globalMatrix', entries: [] } (administrator and Swarm user only)
   */
  readonly authorization?: AuthorizationStrategy;
  /** @default [] */
  readonly credentials?: readonly JenkinsCredentialSpec[];
  /**
   * How agents connect: 'tcp' uses the inbound listener on `agentPort`; 'websocket' tunnels
   * over HTTP(S), so only port 8080 is needed.
   * @default 'tcp'
   */
  readonly agentTransport?: 'tcp' | 'websocket';
  /** @default 50000 */
  readonly agentPort?: number;
  /** @default { kind: 'none' } */
  readonly exposure?: Exposure;
  /**
   * The controller serves HTTPS itself (Winstone, port 8443) with this certificate; a LoadBalancer
   * exposure then serves only HTTPS on 443. Plain HTTP stays inside the cluster (probes, agents).
   * @default undefined (HTTP only; an Ingress exposure can still terminate TLS)
   */
  readonly https?: JenkinsHttps;
  /** NetworkPolicies: controller reachable on HTTP, inbound listener only from agents, agents unreachable. @default false */
  readonly networkPolicy?: boolean;
  /** Pull secrets for agent images (e.g. a private registry). @default [] */
  readonly imagePullSecrets?: readonly string[];
  /** Banner on the Jenkins home page. @default 'Managed by keelson: edit the code, not the UI.' */
  readonly systemMessage?: string;
}

/** Resources of short-lived helper containers (plugin installer). */
const INSTALLER_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
const AGENT_COMPONENTS = ['swarm-agent', 'kubernetes-agent'] as const;

/**
 * A production Jenkins: one controller (StatefulSet, JENKINS_HOME on a retained volume,
 * JCasC, pinned plugins), a Swarm agent pool scaled by an HPA, a Kubernetes cloud for
 * ephemeral pod agents with least-privilege RBAC, and optional exposure, PDB and NetworkPolicy.
 *
 * The props are resolved first (jenkins-cluster-resolved.ts: defaults, validation), then built from the resolved
 * values only.
 */
export class JenkinsCluster extends Construct {
  readonly controller: JenkinsController;
  readonly agentPool?: JenkinsAgentPool;
  /** In-cluster URL of the controller. */
  readonly internalUrl: string;
  /** External URL (from props). */
  readonly url: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: JenkinsClusterProps) {
    super(scope, id);
    const r = resolveJenkinsCluster(this, id, props);
    this.name = r.name;
    this.url = r.url;
    this.internalUrl = r.internalUrl;
    const rbac = new JenkinsCloudRbac(this, 'CloudRbac', { name: r.cloudAccount, agentServiceAccountName: r.agentAccount, labels: r.controllerLabels });
    this.controller = this.buildController(r, rbac.serviceAccountName);
    if (r.agents) this.agentPool = this.buildAgentPool(r, r.agents);
    this.recordFlows(r);
    new ExposedService(this, 'Exposure', {
      exposure: r.exposure,
      name: r.exposure.kind === 'loadBalancer' ? `${r.name}-external` : r.name,
      labels: r.controllerLabels,
      selector: this.controller.selector,
      backend: { service: r.name, port: HTTP_PORT, targetPort: 'http' },
      tls: r.https ? { port: 443, targetPort: 'https' } : undefined,
      component: JENKINS_COMPONENT,
      field: 'exposure',
    });
    if (r.networkPolicy) this.buildNetworkPolicies(r);
  }

  private buildController(r: ResolvedJenkinsCluster, serviceAccountName: string): JenkinsController {
    const casc = renderCasc({
      systemMessage: r.systemMessage,
      agentPort: r.transport === 'tcp' ? r.agentPort : -1,
      users: r.security.users,
      authorization: r.security.authorization,
      credentials: r.security.credentials,
      url: r.url,
      clouds: r.cloud
        ? [
            {
              name: 'kubernetes',
              jenkinsUrl: r.internalUrl,
              jenkinsTunnel: r.tunnel,
              webSocket: r.transport === 'websocket',
              containerCap: r.cloud.containerCap,
              podLabels: { 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': r.name, 'app.kubernetes.io/component': 'kubernetes-agent' },
              templates: r.cloud.templates,
            },
          ]
        : [],
    });
    const c = r.controller;
    return new JenkinsController(this, 'Controller', {
      name: r.name,
      instance: r.name,
      image: c.image,
      storage: c.storage,
      resources: c.resources,
      heapMebibytes: c.heapMebibytes,
      plugins: r.plugins,
      casc,
      cascEnv: r.security.cascEnv,
      serviceAccountName,
      agentPort: r.transport === 'tcp' ? r.agentPort : undefined,
      probes: c.probes,
      installerResources: INSTALLER_RESOURCES,
      https: r.https,
    });
  }

  private buildAgentPool(r: ResolvedJenkinsCluster, a: ResolvedAgents): JenkinsAgentPool {
    return new JenkinsAgentPool(this, 'Agents', {
      name: `${r.name}-swarm-agent`,
      instance: r.name,
      image: a.image,
      autoscaling: a.autoscaling,
      executors: a.executors,
      labels: a.labels,
      resources: a.resources,
      heapMebibytes: a.heapMebibytes,
      controllerUrl: r.internalUrl,
      tunnel: r.tunnel,
      username: a.username,
      password: a.password,
      terminationGracePeriodSeconds: a.terminationGracePeriodSeconds,
      disruptionBudget: a.disruptionBudget,
      imagePullSecrets: r.imagePullSecrets,
    });
  }

  /** The traffic of agents and controller, for the generated network isolation. */
  private recordFlows(r: ResolvedJenkinsCluster): void {
    // Agents dial the controller: HTTP (and WebSocket), plus the inbound listener over TCP.
    const agentPorts = [{ port: HTTP_PORT }, ...(r.transport === 'tcp' ? [{ port: r.agentPort }] : [])];
    const chart = chartIdOf(this);
    for (const component of AGENT_COMPONENTS) {
      if (component === 'swarm-agent' && !r.agents) continue;
      if (component === 'kubernetes-agent' && !r.cloud) continue;
      const selector = { 'app.kubernetes.io/instance': r.name, 'app.kubernetes.io/component': component };
      recordFlow(this, {
        from: { chart, selector },
        to: { kind: 'pods', chart, selector: this.controller.selector },
        ports: agentPorts,
        purpose: `jenkins ${component} connects`,
      });
      // Builds fetch sources and dependencies (git over SSH or HTTPS, package registries).
      recordFlow(this, {
        from: { chart, selector },
        to: { kind: 'external', host: 'source control and package registries' },
        ports: [{ port: 22 }, { port: 80 }, { port: 443 }],
        purpose: `jenkins ${component} builds`,
      });
    }
    // The controller checks out Pipeline definitions and, when plugins are installed at start, downloads them.
    recordFlow(this, {
      from: { chart, selector: this.controller.selector },
      to: { kind: 'external', host: r.plugins.kind === 'install' ? 'source control and updates.jenkins.io' : 'source control' },
      ports: [{ port: 22 }, { port: 443 }],
      purpose: 'jenkins controller checkouts and plugin downloads',
    });
    if (r.cloud) {
      // The Kubernetes cloud starts agent pods through the API server.
      recordApiServerFlow(this, { chart, selector: this.controller.selector }, 'jenkins kubernetes cloud calls the API server');
    }
  }

  /** The construct's own NetworkPolicies (when the environment does not generate isolation). */
  private buildNetworkPolicies(r: ResolvedJenkinsCluster): void {
    const agentPeers = AGENT_COMPONENTS.map((component) => peers.pods({ 'app.kubernetes.io/instance': r.name, 'app.kubernetes.io/component': component }));
    new NetworkPolicy(this, 'ControllerPolicy', {
      name: `${r.name}-controller`,
      labels: r.controllerLabels,
      podSelector: this.controller.selector,
      ingress: [
        // Users (through the Service, Ingress or load balancer) and agents over HTTP/WebSocket.
        { peers: [peers.anywhere()], ports: [{ port: 'http' }, ...(r.https ? [{ port: 'https' }] : [])] },
        ...(r.transport === 'tcp' ? [{ peers: agentPeers, ports: [{ port: 'agent-listener' }] }] : []),
      ],
    });
    // Nothing connects to an agent: agents dial out to the controller.
    for (const component of AGENT_COMPONENTS) {
      new NetworkPolicy(this, component === 'swarm-agent' ? 'SwarmAgentPolicy' : 'KubernetesAgentPolicy', {
        name: `${r.name}-${component}`,
        labels: r.controllerLabels,
        podSelector: { 'app.kubernetes.io/instance': r.name, 'app.kubernetes.io/component': component },
        ingress: [],
      });
    }
  }
}
