import { k8s } from '../k8s';
import { ImageRef } from '../common/images';
import { HealthProbes, ProbeAction, httpGet, tcpSocket } from '../common/probes';
import { ResourceSpec } from '../common/resources';
import { secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { POD_IDENTITY_ENV, container, scratchVolume } from '../common/workload';
import { ClusterRole, credentialEnv } from './pipelines';
import { EsClusterSpec } from './spec';
import { API_PORT, CERTS_DIR, DATA_DIR, LOGS_DIR, LOGSTASH_HOME, PIPELINE_DIR, SETTINGS_DIR } from './settings';

/** The official image runs Logstash as uid/gid 1000 (and refuses to run as root). */
export const LOGSTASH_UID = 1000;

/**
 * Default probes, all on the monitoring API: startup waits for the JVM and pipeline compilation,
 * liveness only checks that the API socket accepts connections (cheap, patient: a long GC
 * pause must not restart a copy), readiness asks the API for the node's pipelines.
 */
export const LOGSTASH_PROBES: HealthProbes = {
  startup: { action: httpGet('/', 'api'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
  liveness: { action: tcpSocket('api'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/_node/pipelines', 'api'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
};

/** One Logstash process of a pod: its pipelines.yml, its API port and its own path.data. */
export interface LogstashProcess {
  readonly name: string;
  /** Key of its pipelines.yml in the ConfigMap. */
  readonly pipelinesYml: string;
  /** Container port name and number of its API (processes of one pod share the network). */
  readonly port: { readonly name: string; readonly number: number };
  /** @default undefined (path.data of logstash.yml) */
  readonly pathData?: string;
  readonly resources: ResourceSpec;
  readonly heapMebibytes: number;
  readonly probes: HealthProbes;
  /**
   * A bash script from the ConfigMap (mounted beside logstash.yml) run instead of Logstash;
   * it starts Logstash itself, so the args above are its business.
   * @default undefined (Logstash runs directly)
   */
  readonly entrypoint?: { readonly configKey: string; readonly env: readonly k8s.EnvVar[] };
}

export interface LogstashPodInput {
  readonly image: ImageRef;
  readonly configMapName: string;
  /** Every pipeline file of the ConfigMap (all processes). */
  readonly pipelineFiles: readonly string[];
  /** Name of the volume mounted at path.data (queue, dead-letter queue, last-run values). */
  readonly dataVolume: string;
  readonly clusters: Readonly<Record<ClusterRole, EsClusterSpec>>;
  readonly terminationGracePeriodSeconds: number;
  readonly main: LogstashProcess;
  /**
   * A second Logstash started before `main` and stopped after it (a native sidecar), used
   * by the full-copy Job to replay its dead-letter queue while the copy runs.
   * @default undefined
   */
  readonly sidecar?: LogstashProcess;
  readonly restartPolicy?: 'Always' | 'Never';
  /**
   * Folders under DATA_DIR that must exist before any Logstash starts (an init container
   * creates them on the data volume): a reader's dead-letter queue, the input's cursor folder.
   * @default [] (no init container)
   */
  readonly prepareDirs?: readonly string[];
}

const nonEmpty = <T>(xs: T[]): T[] | undefined => (xs.length ? xs : undefined);

/** The init container creating `prepareDirs`: a few mkdir calls. */
const PREPARE_RESOURCES: ResourceSpec = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } };
export const PREPARE_CONTAINER = 'prepare-data';

function prepareContainer(p: LogstashPodInput, dirs: readonly string[]): k8s.Container {
  for (const d of dirs) {
    if (!d.startsWith(`${DATA_DIR}/`) || d.split('/').includes('..'))
      throw new Error(`logstashPodSpec: prepareDirs must lie under ${DATA_DIR}; got ${JSON.stringify(d)}`);
  }
  return container({
    name: PREPARE_CONTAINER,
    image: p.image,
    command: ['mkdir', '-p', '--', ...[...new Set(dirs)].sort()],
    resources: PREPARE_RESOURCES,
    volumeMounts: [{ name: p.dataVolume, mountPath: DATA_DIR }],
  });
}

function clusterEnv(role: ClusterRole, c: EsClusterSpec): k8s.EnvVar[] {
  const env = credentialEnv(role);
  return c.auth.kind === 'basic' ? [secretEnv(env.user, c.auth.username), secretEnv(env.password, c.auth.password)] : [secretEnv(env.apiKey, c.auth.apiKey)];
}

/** The same probes, aimed at another named port. */
function onPort(probes: HealthProbes, port: string): HealthProbes {
  const aim = (a: ProbeAction): ProbeAction => (a.kind === 'exec' ? a : { ...a, port });
  return {
    startup: { ...probes.startup, action: aim(probes.startup.action) },
    liveness: { ...probes.liveness, action: aim(probes.liveness.action) },
    readiness: { ...probes.readiness, action: aim(probes.readiness.action) },
  };
}

function logstashContainer(p: LogstashPodInput, proc: LogstashProcess, caMounts: k8s.VolumeMount[]): k8s.Container {
  const roles: ClusterRole[] = ['source', 'destination'];
  const javaOpts = [
    `-Xms${proc.heapMebibytes}m`,
    `-Xmx${proc.heapMebibytes}m`,
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-HeapDumpOnOutOfMemoryError',
    '-XX:ErrorFile=/tmp/hs_err_pid%p.log',
    '-Djava.io.tmpdir=/tmp',
  ];
  const args = ['--path.settings', SETTINGS_DIR];
  if (proc.pathData !== undefined) args.push('--path.data', proc.pathData);
  if (proc.port.number !== API_PORT) args.push('--api.http.port', String(proc.port.number));
  const script = proc.entrypoint && `${SETTINGS_DIR}/${proc.entrypoint.configKey}`;
  return container({
    name: proc.name,
    image: p.image,
    // Run Logstash directly: the image's entrypoint rewrites logstash.yml, which is read-only here.
    command: script ? ['/bin/bash', script] : [`${LOGSTASH_HOME}/bin/logstash`],
    args: script ? undefined : args,
    ports: [{ name: proc.port.name, port: proc.port.number }],
    env: [
      ...POD_IDENTITY_ENV,
      // Appended after config/jvm.options, so these win over the image's defaults.
      { name: 'LS_JAVA_OPTS', value: javaOpts.join(' ') },
      ...roles.flatMap((r) => clusterEnv(r, p.clusters[r])),
      ...(proc.entrypoint?.env ?? []),
    ],
    resources: proc.resources,
    probes: onPort(proc.probes, proc.port.name),
    volumeMounts: [
      { name: 'config', mountPath: `${SETTINGS_DIR}/logstash.yml`, subPath: 'logstash.yml', readOnly: true },
      { name: 'config', mountPath: `${SETTINGS_DIR}/pipelines.yml`, subPath: proc.pipelinesYml, readOnly: true },
      ...(proc.entrypoint && script ? [{ name: 'config', mountPath: script, subPath: proc.entrypoint.configKey, readOnly: true }] : []),
      { name: 'pipelines', mountPath: PIPELINE_DIR, readOnly: true },
      { name: p.dataVolume, mountPath: DATA_DIR },
      { name: 'logs', mountPath: LOGS_DIR },
      { name: 'tmp', mountPath: '/tmp' },
      ...caMounts,
    ],
  });
}

/**
 * A Logstash pod spec (without the data volume, which the workload provides). The root
 * filesystem is read-only: settings and pipelines come from the ConfigMap, and the only
 * writable paths are path.data (the data volume), path.logs and /tmp.
 */
export function logstashPodSpec(p: LogstashPodInput): k8s.PodSpec {
  const prepareDirs = p.prepareDirs ?? [];
  const roles: ClusterRole[] = ['source', 'destination'];
  const caVolumes: k8s.Volume[] = roles.flatMap((role) => {
    const tls = p.clusters[role].tls;
    return tls ? [{ name: `${role}-ca`, secret: { secretName: tls.ca.name, items: [{ key: tls.ca.key, path: 'ca.crt' }], defaultMode: 0o444 } }] : [];
  });
  const caMounts = caVolumes.map((v) => ({ name: v.name, mountPath: `${CERTS_DIR}/${v.name.replace(/-ca$/, '')}`, readOnly: true }));
  const settingsFiles = [
    'logstash.yml',
    p.main.pipelinesYml,
    ...(p.main.entrypoint ? [p.main.entrypoint.configKey] : []),
    ...(p.sidecar ? [p.sidecar.pipelinesYml] : []),
  ];
  return {
    securityContext: restrictedPodSecurityContext({ user: LOGSTASH_UID }),
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: p.restartPolicy,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
    // Init containers run in order: the folders exist before the sidecar (and the main container) start.
    initContainers: nonEmpty([
      ...(prepareDirs.length ? [prepareContainer(p, prepareDirs)] : []),
      ...(p.sidecar ? [logstashContainer(p, p.sidecar, caMounts)] : []),
    ]),
    containers: [logstashContainer(p, p.main, caMounts)],
    volumes: [
      { name: 'config', configMap: { name: p.configMapName, defaultMode: 0o444, items: settingsFiles.map((f) => ({ key: f, path: f })) } },
      { name: 'pipelines', configMap: { name: p.configMapName, defaultMode: 0o444, items: p.pipelineFiles.map((f) => ({ key: f, path: f })) } },
      scratchVolume('logs', '256Mi'),
      // JRuby and JNA unpack native helpers here.
      scratchVolume('tmp', '512Mi'),
      ...caVolumes,
    ],
  };
}
