import { AlloyBlock, alloy } from '../common/render/alloy';

/** A label copied from a discovered pod's metadata onto its log streams. */
export interface StreamLabel {
  /** Discovery meta label, e.g. `__meta_kubernetes_namespace`. */
  readonly source: string;
  /** Label name in Loki. */
  readonly target: string;
}

/** Namespace, pod, container and app: enough to find any log line, few enough to keep streams cheap. */
export const DEFAULT_STREAM_LABELS: readonly StreamLabel[] = [
  { source: '__meta_kubernetes_namespace', target: 'namespace' },
  { source: '__meta_kubernetes_pod_name', target: 'pod' },
  { source: '__meta_kubernetes_pod_container_name', target: 'container' },
  { source: '__meta_kubernetes_pod_label_app_kubernetes_io_name', target: 'app' },
];

export interface AlloyLogsConfigInput {
  /** Loki push API URL. */
  readonly lokiPushUrl: string;
  /** Environment variable holding this pod's node name (downward API). */
  readonly nodeNameEnv: string;
  readonly streamLabels: readonly StreamLabel[];
  /** Labels added to every stream, e.g. { cluster: 'prod' }. */
  readonly externalLabels: Readonly<Record<string, string>>;
}

/**
 * Pod logs of this node only, read through the Kubernetes API (loki.source.kubernetes): no host
 * paths and no root. Pods that are not running have no log stream to follow and are dropped.
 */
export function alloyLogsConfig(i: AlloyLogsConfigInput): AlloyBlock[] {
  return [
    {
      name: 'logging',
      attributes: [
        ['level', 'info'],
        ['format', 'logfmt'],
      ],
    },
    {
      name: 'discovery.kubernetes',
      label: 'pods',
      attributes: [['role', 'pod']],
      blocks: [
        {
          name: 'selectors',
          attributes: [
            ['role', 'pod'],
            ['field', alloy.concat('spec.nodeName=', alloy.call('sys.env', i.nodeNameEnv))],
          ],
        },
      ],
    },
    {
      name: 'discovery.relabel',
      label: 'pods',
      attributes: [['targets', alloy.ref('discovery.kubernetes.pods.targets')]],
      blocks: [
        {
          name: 'rule',
          attributes: [
            ['source_labels', ['__meta_kubernetes_pod_phase']],
            ['regex', 'Pending|Succeeded|Failed|Unknown'],
            ['action', 'drop'],
          ],
        },
        ...i.streamLabels.map((l): AlloyBlock => ({
          name: 'rule',
          attributes: [
            ['source_labels', [l.source]],
            ['target_label', l.target],
            ['action', 'replace'],
          ],
        })),
      ],
    },
    {
      name: 'loki.source.kubernetes',
      label: 'pods',
      attributes: [
        ['targets', alloy.ref('discovery.relabel.pods.output')],
        ['forward_to', [alloy.ref('loki.write.default.receiver')]],
      ],
    },
    {
      name: 'loki.write',
      label: 'default',
      attributes: [['external_labels', Object.keys(i.externalLabels).length ? alloy.map({ ...i.externalLabels }) : undefined]],
      blocks: [{ name: 'endpoint', attributes: [['url', i.lokiPushUrl]] }],
    },
  ];
}
