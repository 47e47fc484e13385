import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { ImageRef } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { HealthProbes, httpGet } from '../common/probes';
import { ResourceSpec } from '../common/resources';
import { SecretKeyRef, secretEnv } from '../common/secrets';
import { restrictedPodSecurityContext } from '../common/security';
import { statefulSetStorage, VolumeSpec } from '../common/storage';
import { POD_IDENTITY_ENV, configMapVolume, container, scratchVolume } from '../common/workload';
import { PluginSource, renderPluginsTxt } from './plugins';

/** The official image runs Jenkins as uid/gid 1000. */
export const JENKINS_UID = 1000;
export const JENKINS_HOME = '/var/jenkins_home';
export const HTTP_PORT = 8080;
/** Winstone's HTTPS connector, when the controller terminates TLS itself. */
export const HTTPS_PORT = 8443;
/** The PKCS#12 keystore Winstone reads, built at start in memory from the PEM certificate. */
const KEYSTORE = '/var/jenkins_keystore/keystore.p12';

/** Resolved settings of the controller; JenkinsCluster validates and defaults them. */
export interface JenkinsControllerProps {
  /** Name of the StatefulSet and prefix of its companions. */
  readonly name: string;
  readonly instance: string;
  readonly image: ImageRef;
  readonly storage: VolumeSpec;
  readonly resources: ResourceSpec;
  /** JVM heap (-Xms/-Xmx) in MiB, derived from the memory limit. */
  readonly heapMebibytes: number;
  readonly plugins: PluginSource;
  /** The rendered JCasC document. */
  readonly casc: string;
  /** Variables JCasC reads (admin and agent users, credentials), all from Secrets. */
  readonly cascEnv: readonly k8s.EnvVar[];
  readonly serviceAccountName: string;
  /** The inbound TCP agent port; undefined when agents connect over WebSocket. */
  readonly agentPort?: number;
  readonly probes: HealthProbes;
  /** Image used by the plugin installer init container. */
  readonly installerResources: ResourceSpec;
  /** The certificate and the keystore password for Winstone's HTTPS connector; undefined serves HTTP only. */
  readonly https?: JenkinsHttps;
}

/**
 * Winstone (Jenkins' embedded Jetty) takes only a keystore for HTTPS: `--httpsKeyStore` and
 * `--httpsKeyStorePassword` (winstone cmdline/Option.java; the PEM options are gone). The
 * certificate comes as PEM from a `kubernetes.io/tls` Secret (cert-manager's, or one `pulumi up`
 * creates from text config, which cannot carry a binary keystore); an init container turns it
 * into a PKCS#12 keystore with the image's openssl, in memory, at every start.
 */
export interface JenkinsHttps {
  /** Name of the `kubernetes.io/tls` Secret (keys tls.crt and tls.key). */
  readonly tlsSecretName: string;
  /** The keystore's password: any string, used only inside the pod. */
  readonly keystorePassword: SecretKeyRef;
}

/** Default probe timings on the login page: distinct roles, realistic for a JVM with plugins. */
export const CONTROLLER_PROBES: HealthProbes = {
  // Up to 10 minutes for the first boot (plugin load, JCasC apply) before liveness counts.
  startup: { action: httpGet('/login', 'http'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
  // Patient: a stop-the-world GC pause must not trigger a restart (2 minutes of failures).
  liveness: { action: httpGet('/login', 'http'), periodSeconds: 20, timeoutSeconds: 10, failureThreshold: 6 },
  // Quick to take a stuck controller out of the Service.
  readiness: { action: httpGet('/login', 'http'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
};

/** The Jenkins controller: a single-replica StatefulSet owning JENKINS_HOME on a retained volume. */
export class JenkinsController extends Construct {
  readonly serviceName: string;
  readonly inboundServiceName?: string;
  readonly selector: Record<string, string>;
  readonly url: string;

  constructor(scope: Construct, id: string, props: JenkinsControllerProps) {
    super(scope, id);
    const version = props.plugins.kind === 'baked' ? props.plugins.image.tag : props.image.tag;
    const image = props.plugins.kind === 'baked' ? props.plugins.image : props.image;
    const labels = recommendedLabels({ name: 'jenkins', instance: props.instance, component: 'controller', version });
    this.selector = selectorLabels({ name: 'jenkins', instance: props.instance, component: 'controller' });
    this.serviceName = props.name;
    this.url = `http://${props.name}:${HTTP_PORT}`;
    const headless = `${props.name}-headless`;

    const casc = new k8s.KubeConfigMap(this, 'Casc', {
      metadata: { name: `${props.name}-casc`, labels },
      data: { 'jenkins.yaml': props.casc },
    });
    const pluginsTxt = props.plugins.kind === 'install' ? renderPluginsTxt(props.plugins.plugins) : undefined;
    if (pluginsTxt !== undefined) {
      new k8s.KubeConfigMap(this, 'Plugins', { metadata: { name: `${props.name}-plugins`, labels }, data: { 'plugins.txt': pluginsTxt } });
    }

    // Plain HTTP stays for probes and agents inside the cluster; users are served HTTPS.
    const ports = [{ name: 'http', port: HTTP_PORT }, ...(props.https ? [{ name: 'https', port: HTTPS_PORT }] : [])];
    if (props.agentPort !== undefined) ports.push({ name: 'agent-listener', port: props.agentPort });

    const mounts: k8s.VolumeMount[] = [
      { name: 'jenkins-home', mountPath: JENKINS_HOME },
      { name: 'casc', mountPath: '/var/jenkins_casc', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
      // The war unpacks here (--webroot) instead of the read-only image filesystem.
      { name: 'cache', mountPath: '/var/jenkins_cache' },
    ];
    const volumes: k8s.Volume[] = [configMapVolume('casc', casc.name), scratchVolume('tmp', '2Gi'), scratchVolume('cache', '1Gi')];
    const winstone = [
      '--webroot=/var/jenkins_cache/war',
      `--httpPort=${HTTP_PORT}`,
      // $(VAR) is expanded by the kubelet from the variable defined before JENKINS_OPTS.
      ...(props.https ? [`--httpsPort=${HTTPS_PORT}`, `--httpsKeyStore=${KEYSTORE}`, '--httpsKeyStorePassword=$(JENKINS_HTTPS_KEYSTORE_PASSWORD)'] : []),
    ];
    const initContainers: k8s.Container[] = [];
    if (props.https) {
      const keystoreDir = KEYSTORE.slice(0, KEYSTORE.lastIndexOf('/'));
      mounts.push({ name: 'keystore', mountPath: keystoreDir, readOnly: true });
      volumes.push(
        { name: 'tls', secret: { secretName: props.https.tlsSecretName, defaultMode: 0o440 } },
        // Memory-backed: the private key never reaches the node's disk.
        { name: 'keystore', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
      );
      initContainers.push(
        container({
          name: 'https-keystore',
          image,
          command: ['/bin/sh', '-ec'],
          args: [
            `openssl pkcs12 -export -in /var/jenkins_tls/tls.crt -inkey /var/jenkins_tls/tls.key -name jenkins -out ${KEYSTORE} -passout env:KEYSTORE_PASSWORD`,
          ],
          env: [secretEnv('KEYSTORE_PASSWORD', props.https.keystorePassword)],
          resources: props.installerResources,
          volumeMounts: [
            { name: 'tls', mountPath: '/var/jenkins_tls', readOnly: true },
            { name: 'keystore', mountPath: keystoreDir },
          ],
        }),
      );
    }
    if (pluginsTxt !== undefined) {
      // The pinned set is downloaded fresh on every start and mounted over JENKINS_HOME/plugins,
      // so plugins added by hand in the UI cannot drift from what is declared here.
      volumes.push(configMapVolume('plugins-txt', `${props.name}-plugins`), scratchVolume('plugins', '2Gi'));
      mounts.push({ name: 'plugins', mountPath: `${JENKINS_HOME}/plugins` });
      initContainers.push(
        container({
          name: 'install-plugins',
          image,
          command: ['jenkins-plugin-cli'],
          args: [
            '--war',
            '/usr/share/jenkins/jenkins.war',
            '--plugin-file',
            '/var/jenkins_plugins_txt/plugins.txt',
            '--plugin-download-directory',
            '/var/jenkins_plugins',
            '--latest',
            'false',
            '--verbose',
          ],
          env: [{ name: 'CACHE_DIR', value: '/tmp/jenkins-plugin-cli' }],
          resources: props.installerResources,
          volumeMounts: [
            { name: 'plugins-txt', mountPath: '/var/jenkins_plugins_txt', readOnly: true },
            { name: 'plugins', mountPath: '/var/jenkins_plugins' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        }),
      );
    }

    const javaOpts = [
      `-Xms${props.heapMebibytes}m`,
      `-Xmx${props.heapMebibytes}m`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      '-Djenkins.install.runSetupWizard=false',
    ];
    const env: k8s.EnvVar[] = [
      ...POD_IDENTITY_ENV,
      { name: 'JAVA_OPTS', value: javaOpts.join(' ') },
      ...(props.https ? [secretEnv('JENKINS_HTTPS_KEYSTORE_PASSWORD', props.https.keystorePassword)] : []),
      { name: 'JENKINS_OPTS', value: winstone.join(' ') },
      { name: 'CASC_JENKINS_CONFIG', value: '/var/jenkins_casc/jenkins.yaml' },
      ...(props.agentPort !== undefined ? [{ name: 'JENKINS_SLAVE_AGENT_PORT', value: String(props.agentPort) }] : []),
      ...props.cascEnv,
    ];

    const checksum = createHash('sha256')
      .update(props.casc)
      .update(pluginsTxt ?? '')
      .digest('hex');
    const storage = statefulSetStorage('jenkins-home', props.storage, labels);
    volumes.push(...storage.volumes);

    new k8s.KubeService(this, 'Headless', {
      metadata: { name: headless, labels },
      spec: { clusterIp: 'None', selector: this.selector, ports: [{ name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels },
      spec: {
        type: 'ClusterIP',
        selector: this.selector,
        ports: [{ name: 'http', port: HTTP_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });
    if (props.agentPort !== undefined) {
      this.inboundServiceName = `${props.name}-inbound`;
      new k8s.KubeService(this, 'Inbound', {
        metadata: { name: this.inboundServiceName, labels },
        spec: {
          type: 'ClusterIP',
          selector: this.selector,
          ports: [{ name: 'agent-listener', port: props.agentPort, targetPort: k8s.IntOrString.fromString('agent-listener'), protocol: 'TCP' }],
        },
      });
    }

    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: props.name, labels, annotations: storage.annotations },
      spec: {
        // Jenkins has a single writer on JENKINS_HOME: exactly one replica, replaced not surged.
        replicas: 1,
        serviceName: headless,
        selector: { matchLabels: this.selector },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: storage.persistentVolumeClaimRetentionPolicy,
        volumeClaimTemplates: storage.volumeClaimTemplates,
        template: {
          metadata: { labels, annotations: { 'keelson.io/config-checksum': checksum } },
          spec: {
            serviceAccountName: props.serviceAccountName,
            // The Kubernetes cloud talks to the API server with this account's token.
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurityContext({ user: JENKINS_UID }),
            // Let running builds' bookkeeping and the JENKINS_HOME writes finish.
            terminationGracePeriodSeconds: 120,
            enableServiceLinks: false,
            initContainers: initContainers.length ? initContainers : undefined,
            containers: [
              container({
                name: 'jenkins',
                image,
                ports,
                env,
                resources: props.resources,
                probes: props.probes,
                volumeMounts: mounts,
              }),
            ],
            volumes,
          },
        },
      },
    });
  }
}
