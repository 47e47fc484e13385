import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { AutoscalingSpec, checkAutoscaling } from '../common/autoscaling';
import { Checks } from '../common/errors';
import { isAbsoluteHttpUrl } from '../common/urls';
import { checkExposure, ExposedService, Exposure } from '../common/exposure';
import { IMAGES, ImageRef, checkImage, imageName } from '../common/images';
import { recommendedLabels } from '../common/labels';
import { NetworkPolicy, peers } from '../common/network-policy';
import { checkProbes, HealthProbes } from '../common/probes';
import { formatCpu, Size, toMebibytes } from '../common/quantity';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret, SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security';
import { checkVolume, VolumeSpec } from '../common/storage';
import { chartIdOf, recordApiServerFlow, recordFlow } from '../common/wiring';
import { renderYaml } from '../common/render/yaml';
import { JenkinsAgentPool } from './agent-pool';
import { AuthorizationStrategy, CascCredential, CascPodTemplate, renderCasc } from './casc';
import { JenkinsCloudRbac } from './cloud-rbac';
import { CONTROLLER_PROBES, HTTP_PORT, JENKINS_UID, JenkinsController, JenkinsHttps } from './controller';
import { SWARM_AGENT_PERMISSIONS } from './permissions';
import { checkPlugins, DEFAULT_PLUGINS, PluginSource, REQUIRED_PLUGINS } from './plugins';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { Named, namedEntries } from '../common/named';
import { checkCredentialUsername, checkJenkinsUrl, checkMatrix } from './input-checks';

const COMPONENT = 'jenkins';

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

const DEFAULTS = {
  heapPercent: 50,
  executors: 2,
  agentLabels: ['swarm', 'linux'],
  terminationGracePeriodSeconds: 300,
  containerCap: 10,
  instanceCap: 10,
  agentPort: 50000,
  systemMessage: 'Managed by keelson: edit the code, not the UI.',
} as const;

/** Resources of short-lived helper containers (plugin installer). */
const INSTALLER_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
const MIN_CONTROLLER_HEAP_MIB = 512;
const MIN_AGENT_MEMORY: Size = '512Mi';

/**
 * A production Jenkins: one controller (StatefulSet, JENKINS_HOME on a retained volume,
 * JCasC, pinned plugins), a Swarm agent pool scaled by an HPA, a Kubernetes cloud for
 * ephemeral pod agents with least-privilege RBAC, and optional exposure, PDB and NetworkPolicy.
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
    const checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.JenkinsClusterProps);
    const name = checks.dnsLabel('id', id, 40);
    this.name = name;

    // Defaults, in one place.
    const c = props.controller;
    const heapPercent = c.heapPercent ?? DEFAULTS.heapPercent;
    const image = c.image ?? IMAGES.jenkins;
    const probes = c.probes ?? CONTROLLER_PROBES;
    const plugins = props.plugins ?? { kind: 'install' as const, plugins: DEFAULT_PLUGINS };
    const requested: AuthorizationStrategy = props.authorization ?? { kind: 'globalMatrix', entries: [] };
    const transport = props.agentTransport ?? 'tcp';
    const agentPort = props.agentPort ?? DEFAULTS.agentPort;
    const exposure = props.exposure ?? { kind: 'none' as const };
    const credentials = props.credentials ?? [];
    const imagePullSecrets = props.imagePullSecrets ?? [];

    // Validation, before anything is created.
    checks.that(c !== undefined, 'controller', c, 'must be set');
    checks.that(
      c.replicas === undefined || c.replicas === 1,
      'controller.replicas',
      c.replicas,
      'must be 1 (Jenkins has a single writer on JENKINS_HOME; scale builds with agents)',
    );
    checks.that(
      c.autoscaling === undefined,
      'controller.autoscaling',
      c.autoscaling,
      'must not be set (an autoscaler would start a second writer on JENKINS_HOME; scale builds with agents)',
    );
    checks.that(isAbsoluteHttpUrl(props.url), 'url', props.url, 'must be an absolute http(s) URL');
    checkJenkinsUrl(checks, 'url', props.url);
    checkImage(checks, 'controller.image', image);
    checkVolume(checks, 'controller.storage', c.storage);
    const figures = checkResources(checks, 'controller.resources', c.resources);
    checks.integer('controller.heapPercent', heapPercent, 25, 80);
    const heapMebibytes = Math.floor((toMebibytes(figures.memoryLimitBytes) * heapPercent) / 100);
    checks.that(
      heapMebibytes >= MIN_CONTROLLER_HEAP_MIB,
      'controller.resources.limits.memory',
      c.resources.limits.memory,
      `must leave a heap of at least ${MIN_CONTROLLER_HEAP_MIB}Mi at heapPercent ${heapPercent} (that limit gives ${heapMebibytes}Mi)`,
    );
    checkProbes(checks, 'controller.probes', probes);
    checks.integer('agentPort', agentPort, 1024, 65535);
    checks.that(agentPort !== HTTP_PORT, 'agentPort', agentPort, `must differ from the HTTP port ${HTTP_PORT}`);
    checks.that(transport === 'tcp' || transport === 'websocket', 'agentTransport', transport, "must be 'tcp' or 'websocket'");
    imagePullSecrets.forEach((s, i) => checks.dnsSubdomain(`imagePullSecrets[${i}]`, s));
    checkExposure(checks, 'exposure', exposure);
    if (props.https) {
      checks.dnsSubdomain('https.tlsSecretName', props.https.tlsSecretName);
      requireSecret(this, checks, 'https.tlsSecretName', { name: props.https.tlsSecretName, key: 'tls.crt' }, 'Jenkins HTTPS certificate');
      requireSecret(this, checks, 'https.tlsSecretName', { name: props.https.tlsSecretName, key: 'tls.key' }, 'Jenkins HTTPS private key');
      requireSecret(this, checks, 'https.keystorePassword', props.https.keystorePassword, 'password of the keystore Jenkins builds from its certificate');
    }
    const adminUser = requireSecret(this, checks, 'admin.username', props.admin?.username, 'Jenkins administrator user name');
    const adminPassword = requireSecret(this, checks, 'admin.password', props.admin?.password, 'Jenkins administrator password');

    const required: string[] = [REQUIRED_PLUGINS.casc];
    if (props.kubernetesCloud) required.push(REQUIRED_PLUGINS.kubernetesCloud);
    if (props.agents) required.push(REQUIRED_PLUGINS.swarm);
    if (requested.kind === 'globalMatrix') required.push(REQUIRED_PLUGINS.matrix);
    if (plugins.kind === 'install') checkPlugins(checks, 'plugins.plugins', plugins.plugins, required);
    else checkImage(checks, 'plugins.image', plugins.image);
    checks.that(
      !(props.agents && requested.kind === 'loggedInUsersCanDoAnything'),
      'authorization.kind',
      requested.kind,
      "must be 'globalMatrix' with Swarm agents (their user would be an administrator, and every build runs next to its password)",
    );
    if (requested.kind === 'globalMatrix') checkMatrix(checks, 'authorization.entries', requested.entries, props.agents !== undefined);
    // The administrator and the Swarm user come from Secrets: their rows name the variables JCasC expands.
    const authorization: AuthorizationStrategy =
      requested.kind === 'globalMatrix'
        ? {
            kind: 'globalMatrix',
            entries: [
              { type: 'user', name: { variable: 'JENKINS_ADMIN_ID' }, permissions: ['Overall/Administer'] },
              ...(props.agents ? [{ type: 'user' as const, name: { variable: 'SWARM_AGENT_ID' }, permissions: SWARM_AGENT_PERMISSIONS }] : []),
              ...requested.entries,
            ],
          }
        : requested;

    // Users and credentials reach JCasC as environment variables read from Secrets.
    const cascEnv: k8s.EnvVar[] = [secretEnv('JENKINS_ADMIN_ID', adminUser), secretEnv('JENKINS_ADMIN_PASSWORD', adminPassword)];
    const users = [{ idVariable: 'JENKINS_ADMIN_ID', passwordVariable: 'JENKINS_ADMIN_PASSWORD' }];
    const cascCredentials: CascCredential[] = [];
    const seenCredentials = new Set<string>();
    credentials.forEach((cred, i) => {
      const field = `credentials[${i}]`;
      checks.that(/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(cred.id ?? ''), `${field}.id`, cred.id, 'must be a credential id (letters, digits, ".", "_" and "-")');
      checks.that(!seenCredentials.has(cred.id), `${field}.id`, cred.id, 'must be unique among credentials');
      seenCredentials.add(cred.id);
      const variable = `CASC_CREDENTIAL_${cred.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      const description = cred.description ?? cred.id;
      if (cred.kind === 'usernamePassword') {
        checkCredentialUsername(checks, `${field}.username`, cred.username);
        const ref = requireSecret(this, checks, `${field}.password`, cred.password, `Jenkins credential '${cred.id}'`);
        cascEnv.push(secretEnv(variable, ref));
        cascCredentials.push({ kind: 'usernamePassword', id: cred.id, description, username: cred.username, passwordVariable: variable });
      } else {
        const ref = requireSecret(this, checks, `${field}.secret`, cred.secret, `Jenkins credential '${cred.id}'`);
        cascEnv.push(secretEnv(variable, ref));
        cascCredentials.push({ kind: 'secretText', id: cred.id, description, secretVariable: variable });
      }
    });

    const controllerLabels = recommendedLabels({ name: 'jenkins', instance: name, component: 'controller', version: image.tag });
    const internalUrl = `http://${name}:${HTTP_PORT}`;
    const inboundService = `${name}-inbound`;
    const tunnel = transport === 'tcp' ? `${inboundService}:${agentPort}` : undefined;
    this.internalUrl = internalUrl;
    this.url = props.url;

    let agentHeap = 0;
    if (props.agents) {
      const a = props.agents;
      requireSecret(this, checks, 'agents.username', a.username, 'Jenkins Swarm agent user name');
      requireSecret(this, checks, 'agents.password', a.password, 'Jenkins Swarm agent password');
      checkAutoscaling(checks, 'agents.autoscaling', a.autoscaling);
      const af = checkResources(checks, 'agents.resources', a.resources);
      checks.that(
        af.memoryLimitBytes >= 512 * 1024 ** 2,
        'agents.resources.limits.memory',
        a.resources.limits.memory,
        `must be at least ${MIN_AGENT_MEMORY} (the Swarm client JVM and a build share it)`,
      );
      agentHeap = Math.floor(toMebibytes(af.memoryLimitBytes) / 4);
      checks.integer('agents.executors', a.executors ?? DEFAULTS.executors, 1, 64);
      checkLabels(checks, 'agents.labels', a.labels ?? DEFAULTS.agentLabels);
      checkImage(checks, 'agents.image', a.image ?? IMAGES.jenkinsAgent);
      checks.integer('agents.terminationGracePeriodSeconds', a.terminationGracePeriodSeconds ?? DEFAULTS.terminationGracePeriodSeconds, 0, 86400);
      // The Swarm user needs the same realm as the admin; its password comes from a Secret too.
      users.push({ idVariable: 'SWARM_AGENT_ID', passwordVariable: 'SWARM_AGENT_PASSWORD' });
      cascEnv.push(secretEnv('SWARM_AGENT_ID', a.username), secretEnv('SWARM_AGENT_PASSWORD', a.password));
    }

    const cloudAccount = name;
    const agentAccount = `${name}-agent`;
    const podTemplates: CascPodTemplate[] = [];
    if (props.kubernetesCloud) {
      const k = props.kubernetesCloud;
      checks.integer('kubernetesCloud.containerCap', k.containerCap ?? DEFAULTS.containerCap, 1, 1000);
      checks.that(
        k.templates !== null && typeof k.templates === 'object' && !Array.isArray(k.templates),
        'kubernetesCloud.templates',
        k.templates,
        'must be an object keyed by template name, such as { default: { labels, resources } }',
      );
      const templates = namedEntries(k.templates);
      checks.that(templates.length > 0, 'kubernetesCloud.templates', k.templates, 'must hold at least one pod template');
      templates.forEach(([templateName, t]) => {
        const field = `kubernetesCloud.templates.${templateName}`;
        checks.dnsLabel(field, templateName);
        checkLabels(checks, `${field}.labels`, t.labels);
        const tf = checkResources(checks, `${field}.resources`, t.resources);
        checkImage(checks, `${field}.image`, t.image ?? IMAGES.jenkinsAgent);
        checks.integer(`${field}.idleMinutes`, t.idleMinutes ?? 0, 0, 1440);
        checks.integer(`${field}.instanceCap`, t.instanceCap ?? DEFAULTS.instanceCap, 1, 1000);
        podTemplates.push({
          name: templateName,
          labels: t.labels,
          serviceAccount: agentAccount,
          idleMinutes: t.idleMinutes ?? 0,
          instanceCap: t.instanceCap ?? DEFAULTS.instanceCap,
          podYaml: agentPodYaml(),
          imagePullSecrets,
          containers: [
            {
              name: 'jnlp',
              image: imageName(t.image ?? IMAGES.jenkinsAgent),
              workingDir: '/home/jenkins/agent',
              requestCpu: formatCpu(tf.cpuRequestMilli),
              requestMemory: t.resources.requests.memory,
              limitCpu: tf.cpuLimitMilli === undefined ? undefined : formatCpu(tf.cpuLimitMilli),
              limitMemory: t.resources.limits.memory,
            },
          ],
        });
      });
    }

    const casc = renderCasc({
      systemMessage: props.systemMessage ?? DEFAULTS.systemMessage,
      agentPort: transport === 'tcp' ? agentPort : -1,
      users,
      authorization,
      credentials: cascCredentials,
      url: props.url,
      clouds: props.kubernetesCloud
        ? [
            {
              name: 'kubernetes',
              jenkinsUrl: internalUrl,
              jenkinsTunnel: tunnel,
              webSocket: transport === 'websocket',
              containerCap: props.kubernetesCloud.containerCap ?? DEFAULTS.containerCap,
              podLabels: { 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'kubernetes-agent' },
              templates: podTemplates,
            },
          ]
        : [],
    });

    const rbac = new JenkinsCloudRbac(this, 'CloudRbac', { name: cloudAccount, agentServiceAccountName: agentAccount, labels: controllerLabels });

    this.controller = new JenkinsController(this, 'Controller', {
      name,
      instance: name,
      image,
      storage: c.storage,
      resources: c.resources,
      heapMebibytes,
      plugins,
      casc,
      cascEnv,
      serviceAccountName: rbac.serviceAccountName,
      agentPort: transport === 'tcp' ? agentPort : undefined,
      probes,
      installerResources: INSTALLER_RESOURCES,
      https: props.https,
    });

    if (props.agents) {
      const a = props.agents;
      this.agentPool = new JenkinsAgentPool(this, 'Agents', {
        name: `${name}-swarm-agent`,
        instance: name,
        image: a.image ?? IMAGES.jenkinsAgent,
        autoscaling: a.autoscaling,
        executors: a.executors ?? DEFAULTS.executors,
        labels: a.labels ?? DEFAULTS.agentLabels,
        resources: a.resources,
        heapMebibytes: agentHeap,
        controllerUrl: internalUrl,
        tunnel,
        username: a.username,
        password: a.password,
        terminationGracePeriodSeconds: a.terminationGracePeriodSeconds ?? DEFAULTS.terminationGracePeriodSeconds,
        disruptionBudget: a.disruptionBudget ?? false,
        imagePullSecrets,
      });
    }

    // Agents dial the controller: HTTP (and WebSocket), plus the inbound listener over TCP.
    const agentPorts = [{ port: HTTP_PORT }, ...(transport === 'tcp' ? [{ port: agentPort }] : [])];
    const chart = chartIdOf(this);
    for (const component of ['swarm-agent', 'kubernetes-agent']) {
      if (component === 'swarm-agent' && !props.agents) continue;
      if (component === 'kubernetes-agent' && !props.kubernetesCloud) continue;
      recordFlow(this, {
        from: { chart, selector: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component } },
        to: { kind: 'pods', chart, selector: this.controller.selector },
        ports: agentPorts,
        purpose: `jenkins ${component} connects`,
      });
      // Builds fetch sources and dependencies (git over SSH or HTTPS, package registries).
      recordFlow(this, {
        from: { chart, selector: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component } },
        to: { kind: 'external', host: 'source control and package registries' },
        ports: [{ port: 22 }, { port: 80 }, { port: 443 }],
        purpose: `jenkins ${component} builds`,
      });
    }
    // The controller checks out Pipeline definitions and, when plugins are installed at start, downloads them.
    recordFlow(this, {
      from: { chart, selector: this.controller.selector },
      to: { kind: 'external', host: plugins.kind === 'install' ? 'source control and updates.jenkins.io' : 'source control' },
      ports: [{ port: 22 }, { port: 443 }],
      purpose: 'jenkins controller checkouts and plugin downloads',
    });
    if (props.kubernetesCloud) {
      // The Kubernetes cloud starts agent pods through the API server.
      recordApiServerFlow(this, { chart, selector: this.controller.selector }, 'jenkins kubernetes cloud calls the API server');
    }

    new ExposedService(this, 'Exposure', {
      exposure,
      name: exposure.kind === 'loadBalancer' ? `${name}-external` : name,
      labels: controllerLabels,
      selector: this.controller.selector,
      backend: { service: name, port: HTTP_PORT, targetPort: 'http' },
      tls: props.https ? { port: 443, targetPort: 'https' } : undefined,
      component: COMPONENT,
      field: 'exposure',
    });

    if (props.networkPolicy) {
      const agentPeers = [
        peers.pods({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'swarm-agent' }),
        peers.pods({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'kubernetes-agent' }),
      ];
      new NetworkPolicy(this, 'ControllerPolicy', {
        name: `${name}-controller`,
        labels: controllerLabels,
        podSelector: this.controller.selector,
        ingress: [
          // Users (through the Service, Ingress or load balancer) and agents over HTTP/WebSocket.
          { peers: [peers.anywhere()], ports: [{ port: 'http' }, ...(props.https ? [{ port: 'https' }] : [])] },
          ...(transport === 'tcp' ? [{ peers: agentPeers, ports: [{ port: 'agent-listener' }] }] : []),
        ],
      });
      // Nothing connects to an agent: agents dial out to the controller.
      for (const component of ['swarm-agent', 'kubernetes-agent']) {
        new NetworkPolicy(this, component === 'swarm-agent' ? 'SwarmAgentPolicy' : 'KubernetesAgentPolicy', {
          name: `${name}-${component}`,
          labels: controllerLabels,
          podSelector: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component },
          ingress: [],
        });
      }
    }
  }
}

function checkLabels(checks: Checks, field: string, labels: readonly string[]): void {
  checks.nonEmpty(field, labels);
  labels.forEach((l, i) => checks.that(/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(l), `${field}[${i}]`, l, 'must be a Jenkins label without spaces or operators'));
}

/** Pod YAML merged into every pod template: the restricted security context and no API token. */
function agentPodYaml(): string {
  return renderYaml({
    apiVersion: 'v1',
    kind: 'Pod',
    spec: {
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext({ user: JENKINS_UID }),
      containers: [
        {
          name: 'jnlp',
          securityContext: restrictedContainerSecurityContext({ writableRootFilesystem: { reason: 'build tools write outside the workspace' } }),
        },
      ],
    },
  });
}
