import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from '../common/errors';
import { isAbsoluteHttpUrl } from '../common/urls';
import { IMAGES, ImageRef, checkImage } from '../common/images';
import { recommendedLabels, selectorLabels } from '../common/labels';
import { checkProbes, HealthProbes, httpGet, tcpSocket } from '../common/probes';
import { checkResources, ResourceSpec } from '../common/resources';
import { restrictedPodSecurityContext } from '../common/security';
import { renderAlloy } from '../common/render/alloy';
import { configMapVolume, container, scratchVolume } from '../common/workload';
import { alloyLogsConfig, DEFAULT_STREAM_LABELS, StreamLabel } from './alloy-config';
import { chartIdOf, recordApiServerFlow } from '../common/wiring';
import { clusterScopedName } from '../common/kinds';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

const COMPONENT = 'alloy';
/** The image's unprivileged `alloy` user. */
export const ALLOY_UID = 473;
export const ALLOY_HTTP_PORT = 12345;
const NODE_NAME_ENV = 'NODE_NAME';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Read access to pods and their logs, nothing else: discovery lists this node's pods
 * (field selector, so no node objects are read) and loki.source.kubernetes follows `pods/log`.
 */
export const ALLOY_RULES: readonly k8s.PolicyRule[] = [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }];

export interface AlloyProps {
  /** Loki's push API URL, handed over by the chart. */
  readonly lokiPushUrl: string;
  /** Namespace of the ServiceAccount (a ClusterRoleBinding must name it). */
  readonly namespace: string;
  readonly resources: ResourceSpec;
  /** @default DEFAULT_STREAM_LABELS (namespace, pod, container, app) */
  readonly streamLabels?: readonly StreamLabel[];
  /** Labels added to every stream. @default {} */
  readonly externalLabels?: Readonly<Record<string, string>>;
  /** @default IMAGES.alloy */
  readonly image?: ImageRef;
  /** @default ALLOY_PROBES */
  readonly probes?: HealthProbes;
}

export const ALLOY_PROBES: HealthProbes = {
  startup: { action: httpGet('/-/ready', 'http'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 },
  // /-/healthy turns red when Loki is unreachable; restarting the collector would not fix that.
  liveness: { action: tcpSocket('http'), periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
  readiness: { action: httpGet('/-/ready', 'http'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
};

/** Grafana Alloy as a DaemonSet shipping the pod logs of its node to Loki through the Kubernetes API. */
export class Alloy extends Construct {
  readonly name: string;
  readonly selector: Record<string, string>;
  /** The rendered configuration (Alloy configuration language). */
  readonly config: string;

  constructor(scope: Construct, id: string, props: AlloyProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, COMPONENT);
    checks.knownFields(props, PROP_SHAPES.AlloyProps);
    const name = checks.dnsLabel('id', id, 40);

    // Defaults, in one place.
    const image = props.image ?? IMAGES.alloy;
    const probes = props.probes ?? ALLOY_PROBES;
    const streamLabels = props.streamLabels ?? DEFAULT_STREAM_LABELS;
    const externalLabels = props.externalLabels ?? {};

    // Validation, before anything is created.
    checks.that(isAbsoluteHttpUrl(props.lokiPushUrl, true), 'lokiPushUrl', props.lokiPushUrl, 'must be an absolute http(s) URL with a path (Loki push API)');
    checks.dnsLabel('namespace', props.namespace);
    checkImage(checks, 'image', image);
    checkResources(checks, 'resources', props.resources);
    checkProbes(checks, 'probes', probes);
    checks.nonEmpty('streamLabels', streamLabels);
    streamLabels.forEach((l, i) => {
      checks.that(
        /^__meta_kubernetes_[a-z0-9_]+$/.test(l.source),
        `streamLabels[${i}].source`,
        l.source,
        'must be a Kubernetes discovery label (__meta_kubernetes_…)',
      );
      checks.that(
        LABEL_NAME.test(l.target) && !l.target.startsWith('__'),
        `streamLabels[${i}].target`,
        l.target,
        "must be a Loki label name (letters, digits and '_', not starting with '__')",
      );
    });
    const targets = streamLabels.map((l) => l.target);
    targets.forEach((t, i) => checks.that(targets.indexOf(t) === i, `streamLabels[${i}].target`, t, 'must be unique among stream labels'));
    for (const k of Object.keys(externalLabels))
      checks.that(LABEL_NAME.test(k), `externalLabels.${k}`, k, "must be a Loki label name (letters, digits and '_')");

    this.name = name;
    this.selector = selectorLabels({ name: 'alloy', instance: name, component: 'log-collector' });
    const labels = recommendedLabels({ name: 'alloy', instance: name, component: 'log-collector', version: image.tag });
    this.config = renderAlloy(alloyLogsConfig({ lokiPushUrl: props.lokiPushUrl, nodeNameEnv: NODE_NAME_ENV, streamLabels, externalLabels }));
    const configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: { name: `${name}-config`, labels }, data: { 'config.alloy': this.config } });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name, labels }, automountServiceAccountToken: false });
    const clusterName = clusterScopedName(props.namespace, name);
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterName, labels },
      rules: ALLOY_RULES.map((r) => ({ apiGroups: [...(r.apiGroups ?? [])], resources: [...(r.resources ?? [])], verbs: [...r.verbs] })),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });

    new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name, labels },
      spec: {
        selector: { matchLabels: this.selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels, annotations: { 'keelson.io/config-checksum': createHash('sha256').update(this.config).digest('hex') } },
          spec: {
            serviceAccountName: name,
            // Discovery and log tailing talk to the API server with this account's token.
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext({ user: ALLOY_UID }),
            // Logs of every node, control plane included.
            tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              container({
                name: 'alloy',
                image,
                args: [
                  'run',
                  `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`,
                  '--storage.path=/var/lib/alloy/data',
                  '--disable-reporting',
                  '/etc/alloy/config.alloy',
                ],
                ports: [{ name: 'http', port: ALLOY_HTTP_PORT }],
                env: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                resources: props.resources,
                probes,
                volumeMounts: [
                  { name: 'config', mountPath: '/etc/alloy', readOnly: true },
                  // Read positions survive container restarts (not pod replacement).
                  { name: 'data', mountPath: '/var/lib/alloy/data' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              }),
            ],
            volumes: [configMapVolume('config', configMap.name), scratchVolume('data', '1Gi'), scratchVolume('tmp', '256Mi')],
          },
        },
      },
    });
    // Pods are discovered, and their logs tailed, through the API server.
    recordApiServerFlow(this, { chart: chartIdOf(this), selector: this.selector }, 'pod discovery and log tailing');
  }
}
