import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { statefulSetStorage, VolumeSpec } from '../common/storage';
import { LogstashPodInput, logstashPodSpec } from './logstash-pod';
import { API_PORT } from './settings';

export interface SyncStatefulSetProps extends Omit<LogstashPodInput, 'dataVolume' | 'restartPolicy' | 'sidecar'> {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly checksum: string;
  /** Holds the persisted queues, the dead-letter queues and the incremental runs' last values. */
  readonly storage: VolumeSpec;
}

/**
 * The continuous Logstash: one replica (the last-run values and queues have a single writer)
 * running the incremental pipelines and the replay pipeline, its data on a retained claim
 * (or an emptyDir when the storage is ephemeral).
 */
export class SyncStatefulSet extends Construct {
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: SyncStatefulSetProps) {
    super(scope, id);
    this.serviceName = props.name;
    // Headless: a stable DNS name for the pod and the scrape target of the monitoring API.
    new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        clusterIp: 'None',
        selector: props.selector,
        ports: [{ name: 'api', port: API_PORT, targetPort: k8s.IntOrString.fromString('api'), protocol: 'TCP' }],
      },
    });
    const data = statefulSetStorage('data', props.storage, props.labels);
    const pod = logstashPodSpec({ ...props, dataVolume: 'data' });
    new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels, annotations: data.annotations },
      spec: {
        replicas: 1,
        serviceName: props.name,
        selector: { matchLabels: props.selector },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: data.persistentVolumeClaimRetentionPolicy,
        volumeClaimTemplates: data.volumeClaimTemplates,
        template: {
          metadata: { labels: props.labels, annotations: { 'keelson.io/config-checksum': props.checksum } },
          spec: data.volumes.length ? { ...pod, volumes: [...(pod.volumes ?? []), ...data.volumes] } : pod,
        },
      },
    });
  }
}
