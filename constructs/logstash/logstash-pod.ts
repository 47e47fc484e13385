import { k8s } from '../k8s';
import { ImageRef } from '../common/images';
import { HealthProbes, httpGet, tcpSocket } from '../common/probes';
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

export interface LogstashPodInput {
  readonly image: ImageRef;
  readonly resources: ResourceSpec;
  readonly probes: HealthProbes;
  readonly heapMebibytes: number;
  readonly configMapName: string;
  readonly pipelineFiles: readonly string[];
  /** Name of the volume mounted at path.data (queue, dead-letter queue, last-run values). */
  readonly dataVolume: string;
  readonly clusters: Readonly<Record<ClusterRole, EsClusterSpec>>;
  readonly terminationGracePeriodSeconds: number;
  readonly restartPolicy?: 'Always' | 'Never';
}

function clusterEnv(role: ClusterRole, c: EsClusterSpec): k8s.EnvVar[] {
  const env = credentialEnv(role);
  return c.auth.kind === 'basic' ? [secretEnv(env.user, c.auth.username), secretEnv(env.password, c.auth.password)] : [secretEnv(env.apiKey, c.auth.apiKey)];
}

/**
 * A Logstash pod spec (without the data volume, which the workload provides). The root
 * filesystem is read-only: settings and pipelines come from the ConfigMap, and the only
 * writable paths are path.data (the data volume), path.logs and /tmp.
 */
export function logstashPodSpec(p: LogstashPodInput): k8s.PodSpec {
  const roles: ClusterRole[] = ['source', 'destination'];
  const caVolumes: k8s.Volume[] = roles.flatMap((role) => {
    const tls = p.clusters[role].tls;
    return tls ? [{ name: `${role}-ca`, secret: { secretName: tls.ca.name, items: [{ key: tls.ca.key, path: 'ca.crt' }], defaultMode: 0o444 } }] : [];
  });
  const javaOpts = [`-Xms${p.heapMebibytes}m`, `-Xmx${p.heapMebibytes}m`, '-XX:+ExitOnOutOfMemoryError', '-XX:-HeapDumpOnOutOfMemoryError', '-Djava.io.tmpdir=/tmp'];
  return {
    securityContext: restrictedPodSecurityContext({ user: LOGSTASH_UID }),
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: p.restartPolicy,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
    containers: [
      container({
        name: 'logstash',
        image: p.image,
        // Run Logstash directly: the image's entrypoint rewrites logstash.yml, which is read-only here.
        command: [`${LOGSTASH_HOME}/bin/logstash`],
        args: ['--path.settings', SETTINGS_DIR],
        ports: [{ name: 'api', port: API_PORT }],
        env: [
          ...POD_IDENTITY_ENV,
          // Appended after config/jvm.options, so these win over the image's defaults.
          { name: 'LS_JAVA_OPTS', value: javaOpts.join(' ') },
          ...roles.flatMap((r) => clusterEnv(r, p.clusters[r])),
        ],
        resources: p.resources,
        probes: p.probes,
        volumeMounts: [
          { name: 'config', mountPath: `${SETTINGS_DIR}/logstash.yml`, subPath: 'logstash.yml', readOnly: true },
          { name: 'config', mountPath: `${SETTINGS_DIR}/pipelines.yml`, subPath: 'pipelines.yml', readOnly: true },
          { name: 'pipelines', mountPath: PIPELINE_DIR, readOnly: true },
          { name: p.dataVolume, mountPath: DATA_DIR },
          { name: 'logs', mountPath: LOGS_DIR },
          { name: 'tmp', mountPath: '/tmp' },
          ...caVolumes.map((v) => ({ name: v.name, mountPath: `${CERTS_DIR}/${v.name.replace(/-ca$/, '')}`, readOnly: true })),
        ],
      }),
    ],
    volumes: [
      { name: 'config', configMap: { name: p.configMapName, defaultMode: 0o444, items: ['logstash.yml', 'pipelines.yml'].map((f) => ({ key: f, path: f })) } },
      { name: 'pipelines', configMap: { name: p.configMapName, defaultMode: 0o444, items: p.pipelineFiles.map((f) => ({ key: f, path: f })) } },
      scratchVolume('logs', '256Mi'),
      // JRuby and JNA unpack native helpers here.
      scratchVolume('tmp', '512Mi'),
      ...caVolumes,
    ],
  };
}
