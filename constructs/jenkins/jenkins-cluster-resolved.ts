/**
 * The resolve step of JenkinsCluster: defaults applied once, every input validated before anything
 * is created, and the result a readonly value the build step renders without looking back at the
 * props.
 */
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { AutoscalingSpec, checkAutoscaling } from '../common/autoscaling';
import { Checks } from '../common/errors';
import { checkExposure, Exposure } from '../common/exposure';
import { IMAGES, ImageRef, checkImage, imageName } from '../common/images';
import { recommendedLabels } from '../common/labels';
import { namedEntries } from '../common/named';
import { checkProbes, HealthProbes } from '../common/probes';
import { PROP_SHAPES } from '../common/prop-shapes.generated';
import { formatCpu, Size, toMebibytes } from '../common/quantity';
import { checkResources, ResourceSpec } from '../common/resources';
import { requireSecret, SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security';
import { checkVolume, VolumeSpec } from '../common/storage';
import { isAbsoluteHttpUrl } from '../common/urls';
import { renderYaml } from '../common/render/yaml';
import { AuthorizationStrategy, CascCredential, CascPodTemplate, CascUser } from './casc';
import { CONTROLLER_PROBES, HTTP_PORT, JENKINS_UID, JenkinsHttps } from './controller';
import { checkCredentialUsername, checkJenkinsUrl, checkMatrix } from './input-checks';
import type { JenkinsAgentPoolSpec, JenkinsClusterProps, JenkinsControllerSpec, KubernetesCloudSpec } from './jenkins-cluster';
import { SWARM_AGENT_PERMISSIONS } from './permissions';
import { checkPlugins, DEFAULT_PLUGINS, PluginSource, REQUIRED_PLUGINS } from './plugins';

export const JENKINS_COMPONENT = 'jenkins';

const DEFAULTS = {
  heapPercent: 50,
  executors: 2,
  agentLabels: ['swarm', 'linux'],
  terminationGracePeriodSeconds: 300,
  containerCap: 10,
  instanceCap: 10,
  idleMinutes: 0,
  agentPort: 50000,
  systemMessage: 'Managed by keelson: edit the code, not the UI.',
} as const;

const MIN_CONTROLLER_HEAP_MIB = 512;
const MIN_AGENT_MEMORY: Size = '512Mi';
/** A Jenkins label or credential id. */
const JENKINS_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface ResolvedController {
  readonly image: ImageRef;
  readonly storage: VolumeSpec;
  readonly resources: ResourceSpec;
  readonly heapMebibytes: number;
  readonly probes: HealthProbes;
}

export interface ResolvedAgents {
  readonly image: ImageRef;
  readonly autoscaling: AutoscalingSpec;
  readonly resources: ResourceSpec;
  readonly heapMebibytes: number;
  readonly executors: number;
  readonly labels: readonly string[];
  readonly username: SecretKeyRef;
  readonly password: SecretKeyRef;
  readonly terminationGracePeriodSeconds: number;
  readonly disruptionBudget: boolean;
}

export interface ResolvedCloud {
  readonly containerCap: number;
  readonly templates: readonly CascPodTemplate[];
}

/** What JCasC needs besides the cloud: users, credentials and the variables they read from Secrets. */
export interface ResolvedSecurity {
  readonly authorization: AuthorizationStrategy;
  readonly users: readonly CascUser[];
  readonly credentials: readonly CascCredential[];
  readonly cascEnv: readonly k8s.EnvVar[];
}

/** A JenkinsCluster's inputs with every default applied and every rule checked. */
export interface ResolvedJenkinsCluster {
  readonly name: string;
  readonly url: string;
  /** In-cluster URL of the controller. */
  readonly internalUrl: string;
  readonly controllerLabels: Readonly<Record<string, string>>;
  readonly controller: ResolvedController;
  readonly agents?: ResolvedAgents;
  readonly cloud?: ResolvedCloud;
  readonly plugins: PluginSource;
  readonly security: ResolvedSecurity;
  readonly transport: 'tcp' | 'websocket';
  readonly agentPort: number;
  /** `<service>:<port>` of the inbound listener agents dial over TCP; undefined with WebSockets. */
  readonly tunnel?: string;
  /** The controller's ServiceAccount (the cloud's API client) and the agent pods' one. */
  readonly cloudAccount: string;
  readonly agentAccount: string;
  readonly exposure: Exposure;
  readonly https?: JenkinsHttps;
  readonly networkPolicy: boolean;
  readonly imagePullSecrets: readonly string[];
  readonly systemMessage: string;
}

/** Validates `props` and applies the defaults; Secrets referenced are registered on `scope`. */
export function resolveJenkinsCluster(scope: Construct, id: string, props: JenkinsClusterProps): ResolvedJenkinsCluster {
  const checks: Checks = new Checks(scope, JENKINS_COMPONENT);
  checks.knownFields(props, PROP_SHAPES.JenkinsClusterProps);
  // Untyped input (JavaScript, a cast, a config file) may lack the section the types require.
  checks.that(
    props.controller !== null && typeof props.controller === 'object',
    'controller',
    props.controller,
    'must be set, with at least { storage, resources } (the controller has no default)',
  );
  const name = checks.dnsLabel('id', id, 40);
  const transport = props.agentTransport ?? 'tcp';
  const agentPort = props.agentPort ?? DEFAULTS.agentPort;
  const exposure = props.exposure ?? { kind: 'none' as const };
  const imagePullSecrets = props.imagePullSecrets ?? [];

  const controller = resolveController(checks, props.controller);
  checks.that(isAbsoluteHttpUrl(props.url), 'url', props.url, 'must be an absolute http(s) URL');
  checkJenkinsUrl(checks, 'url', props.url);
  checks.integer('agentPort', agentPort, 1024, 65535);
  checks.that(agentPort !== HTTP_PORT, 'agentPort', agentPort, `must differ from the HTTP port ${HTTP_PORT}`);
  checks.that(transport === 'tcp' || transport === 'websocket', 'agentTransport', transport, "must be 'tcp' or 'websocket'");
  imagePullSecrets.forEach((s, i) => checks.dnsSubdomain(`imagePullSecrets[${i}]`, s));
  checkExposure(checks, 'exposure', exposure);
  if (props.https) {
    checks.dnsSubdomain('https.tlsSecretName', props.https.tlsSecretName);
    requireSecret(scope, checks, 'https.tlsSecretName', { name: props.https.tlsSecretName, key: 'tls.crt' }, 'Jenkins HTTPS certificate');
    requireSecret(scope, checks, 'https.tlsSecretName', { name: props.https.tlsSecretName, key: 'tls.key' }, 'Jenkins HTTPS private key');
    requireSecret(scope, checks, 'https.keystorePassword', props.https.keystorePassword, 'password of the keystore Jenkins builds from its certificate');
  }
  const adminUser = requireSecret(scope, checks, 'admin.username', props.admin?.username, 'Jenkins administrator user name');
  const adminPassword = requireSecret(scope, checks, 'admin.password', props.admin?.password, 'Jenkins administrator password');
  const plugins = resolvePlugins(checks, props);
  const security = resolveSecurity(scope, checks, props, { username: adminUser, password: adminPassword });
  const agents = props.agents && resolveAgents(scope, checks, props.agents);
  const agentAccount = `${name}-agent`;
  const cloud = props.kubernetesCloud && resolveCloud(checks, props.kubernetesCloud, agentAccount, imagePullSecrets);

  return {
    name,
    url: props.url,
    internalUrl: `http://${name}:${HTTP_PORT}`,
    controllerLabels: recommendedLabels({ name: 'jenkins', instance: name, component: 'controller', version: controller.image.tag }),
    controller,
    agents,
    cloud,
    plugins,
    security: agents
      ? {
          ...security,
          // The Swarm user needs the same realm as the admin; its password comes from a Secret too.
          users: [...security.users, { idVariable: 'SWARM_AGENT_ID', passwordVariable: 'SWARM_AGENT_PASSWORD' }],
          cascEnv: [...security.cascEnv, secretEnv('SWARM_AGENT_ID', agents.username), secretEnv('SWARM_AGENT_PASSWORD', agents.password)],
        }
      : security,
    transport,
    agentPort,
    tunnel: transport === 'tcp' ? `${name}-inbound:${agentPort}` : undefined,
    cloudAccount: name,
    agentAccount,
    exposure,
    https: props.https,
    networkPolicy: props.networkPolicy ?? false,
    imagePullSecrets,
    systemMessage: props.systemMessage ?? DEFAULTS.systemMessage,
  };
}

function resolveController(checks: Checks, c: JenkinsControllerSpec): ResolvedController {
  const heapPercent = c.heapPercent ?? DEFAULTS.heapPercent;
  const image = c.image ?? IMAGES.jenkins;
  const probes = c.probes ?? CONTROLLER_PROBES;
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
  return { image, storage: c.storage, resources: c.resources, heapMebibytes, probes };
}

/** The plugin source, holding every plugin this configuration uses. */
function resolvePlugins(checks: Checks, props: JenkinsClusterProps): PluginSource {
  const plugins = props.plugins ?? { kind: 'install' as const, plugins: DEFAULT_PLUGINS };
  const required: string[] = [REQUIRED_PLUGINS.casc];
  if (props.kubernetesCloud) required.push(REQUIRED_PLUGINS.kubernetesCloud);
  if (props.agents) required.push(REQUIRED_PLUGINS.swarm);
  if ((props.authorization?.kind ?? 'globalMatrix') === 'globalMatrix') required.push(REQUIRED_PLUGINS.matrix);
  if (plugins.kind === 'install') checkPlugins(checks, 'plugins.plugins', plugins.plugins, required);
  else checkImage(checks, 'plugins.image', plugins.image);
  return plugins;
}

/** The authorization matrix with the administrator's (and Swarm user's) rows, and the credentials. */
function resolveSecurity(
  scope: Construct,
  checks: Checks,
  props: JenkinsClusterProps,
  admin: { readonly username: SecretKeyRef; readonly password: SecretKeyRef },
): ResolvedSecurity {
  const requested: AuthorizationStrategy = props.authorization ?? { kind: 'globalMatrix', entries: [] };
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
  const cascEnv: k8s.EnvVar[] = [secretEnv('JENKINS_ADMIN_ID', admin.username), secretEnv('JENKINS_ADMIN_PASSWORD', admin.password)];
  const credentials: CascCredential[] = [];
  const seen = new Set<string>();
  (props.credentials ?? []).forEach((cred, i) => {
    const field = `credentials[${i}]`;
    checks.that(JENKINS_ID.test(cred.id ?? ''), `${field}.id`, cred.id, 'must be a credential id (letters, digits, ".", "_" and "-")');
    checks.that(!seen.has(cred.id), `${field}.id`, cred.id, 'must be unique among credentials');
    seen.add(cred.id);
    const variable = `CASC_CREDENTIAL_${cred.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const description = cred.description ?? cred.id;
    if (cred.kind === 'usernamePassword') {
      checkCredentialUsername(checks, `${field}.username`, cred.username);
      cascEnv.push(secretEnv(variable, requireSecret(scope, checks, `${field}.password`, cred.password, `Jenkins credential '${cred.id}'`)));
      credentials.push({ kind: 'usernamePassword', id: cred.id, description, username: cred.username, passwordVariable: variable });
    } else {
      cascEnv.push(secretEnv(variable, requireSecret(scope, checks, `${field}.secret`, cred.secret, `Jenkins credential '${cred.id}'`)));
      credentials.push({ kind: 'secretText', id: cred.id, description, secretVariable: variable });
    }
  });
  return { authorization, users: [{ idVariable: 'JENKINS_ADMIN_ID', passwordVariable: 'JENKINS_ADMIN_PASSWORD' }], credentials, cascEnv };
}

function resolveAgents(scope: Construct, checks: Checks, a: JenkinsAgentPoolSpec): ResolvedAgents {
  const image = a.image ?? IMAGES.jenkinsAgent;
  const executors = a.executors ?? DEFAULTS.executors;
  const labels = a.labels ?? DEFAULTS.agentLabels;
  const terminationGracePeriodSeconds = a.terminationGracePeriodSeconds ?? DEFAULTS.terminationGracePeriodSeconds;
  const username = requireSecret(scope, checks, 'agents.username', a.username, 'Jenkins Swarm agent user name');
  const password = requireSecret(scope, checks, 'agents.password', a.password, 'Jenkins Swarm agent password');
  checkAutoscaling(checks, 'agents.autoscaling', a.autoscaling);
  const figures = checkResources(checks, 'agents.resources', a.resources);
  checks.that(
    figures.memoryLimitBytes >= 512 * 1024 ** 2,
    'agents.resources.limits.memory',
    a.resources.limits.memory,
    `must be at least ${MIN_AGENT_MEMORY} (the Swarm client JVM and a build share it)`,
  );
  checks.integer('agents.executors', executors, 1, 64);
  checkLabels(checks, 'agents.labels', labels);
  checkImage(checks, 'agents.image', image);
  checks.integer('agents.terminationGracePeriodSeconds', terminationGracePeriodSeconds, 0, 86400);
  return {
    image,
    autoscaling: a.autoscaling,
    resources: a.resources,
    heapMebibytes: Math.floor(toMebibytes(figures.memoryLimitBytes) / 4),
    executors,
    labels,
    username,
    password,
    terminationGracePeriodSeconds,
    disruptionBudget: a.disruptionBudget ?? false,
  };
}

function resolveCloud(checks: Checks, k: KubernetesCloudSpec, agentAccount: string, imagePullSecrets: readonly string[]): ResolvedCloud {
  const containerCap = k.containerCap ?? DEFAULTS.containerCap;
  checks.integer('kubernetesCloud.containerCap', containerCap, 1, 1000);
  checks.that(
    k.templates !== null && typeof k.templates === 'object' && !Array.isArray(k.templates),
    'kubernetesCloud.templates',
    k.templates,
    'must be an object keyed by template name, such as { default: { labels, resources } }',
  );
  const entries = namedEntries(k.templates);
  checks.that(entries.length > 0, 'kubernetesCloud.templates', k.templates, 'must hold at least one pod template');
  const templates = entries.map(([templateName, t]): CascPodTemplate => {
    const field = `kubernetesCloud.templates.${templateName}`;
    const image = t.image ?? IMAGES.jenkinsAgent;
    const idleMinutes = t.idleMinutes ?? DEFAULTS.idleMinutes;
    const instanceCap = t.instanceCap ?? DEFAULTS.instanceCap;
    checks.dnsLabel(field, templateName);
    checkLabels(checks, `${field}.labels`, t.labels);
    const figures = checkResources(checks, `${field}.resources`, t.resources);
    checkImage(checks, `${field}.image`, image);
    checks.integer(`${field}.idleMinutes`, idleMinutes, 0, 1440);
    checks.integer(`${field}.instanceCap`, instanceCap, 1, 1000);
    return {
      name: templateName,
      labels: t.labels,
      serviceAccount: agentAccount,
      idleMinutes,
      instanceCap,
      podYaml: agentPodYaml(),
      imagePullSecrets,
      containers: [
        {
          name: 'jnlp',
          image: imageName(image),
          workingDir: '/home/jenkins/agent',
          requestCpu: formatCpu(figures.cpuRequestMilli),
          requestMemory: t.resources.requests.memory,
          limitCpu: figures.cpuLimitMilli === undefined ? undefined : formatCpu(figures.cpuLimitMilli),
          limitMemory: t.resources.limits.memory,
        },
      ],
    };
  });
  return { containerCap, templates };
}

function checkLabels(checks: Checks, field: string, labels: readonly string[]): void {
  checks.nonEmpty(field, labels);
  labels.forEach((l, i) => checks.that(JENKINS_ID.test(l), `${field}[${i}]`, l, 'must be a Jenkins label without spaces or operators'));
}

let agentPod: string | undefined;

/**
 * Pod YAML merged into every pod template: the restricted security context and no API token.
 * A constant, rendered once per process (every template of every environment holds the same).
 */
function agentPodYaml(): string {
  return (agentPod ??= renderYaml({
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
  }));
}
