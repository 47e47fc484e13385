import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { ensured } from '../common/errors';
import { podStorage, VolumeSpec } from '../common/storage';
import { LogstashPodInput, logstashPodSpec } from './logstash-pod';

export interface FullCopyJobProps extends Omit<LogstashPodInput, 'dataVolume' | 'restartPolicy'> {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly checksum: string;
  /** Holds the persisted queue and the dead-letter queue, kept after the Job completes (unless ephemeral). */
  readonly storage: VolumeSpec;
  /** Pods that may fail before the Job is marked failed. */
  readonly backoffLimit: number;
}

/**
 * The one-shot copy: a Job whose main container runs the full-copy pipelines, whose inputs have
 * no schedule, so each ends when its search is exhausted; its entrypoint (full-copy-script.ts)
 * exits 0 only when every copy finished, so a failed copy fails the pod and the Job retries.
 * A sidecar Logstash replays the copy's dead-letter queue meanwhile. The Job then stays
 * Completed: it has no TTL, because a deleted Job would be re-created by the next sync and
 * copy everything again.
 */
export class FullCopyJob extends Construct {
  /** The data claim, kept after the Job completes; undefined for ephemeral storage. */
  readonly claimName: string | undefined;

  constructor(scope: Construct, id: string, props: FullCopyJobProps) {
    super(scope, id);
    const data = podStorage('data', `${props.name}-data`, props.storage, props.labels);
    this.claimName = data.claim?.metadata?.name;
    if (data.claim) new k8s.KubePersistentVolumeClaim(this, 'Data', data.claim);
    const pod = logstashPodSpec({ ...props, dataVolume: 'data', restartPolicy: 'Never' });
    const jobProps: k8s.KubeJobProps = {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        backoffLimit: props.backoffLimit,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels: props.labels, annotations: { 'keelson.io/config-checksum': props.checksum } },
          spec: { ...pod, volumes: [...(pod.volumes ?? []), data.volume] },
        },
      },
    };
    const json = ensured(k8s.toJson_KubeJobProps(jobProps), 'the Job JSON');
    const sidecarSpec = props.sidecar;
    if (sidecarSpec) {
      // A native sidecar (an init container that always restarts): it starts before the copy
      // and is stopped once the copy has exited, so the Job still completes. The generated
      // Kubernetes types predate the field, so it is added to the plain JSON.
      const sidecar = ensured(
        (json.spec.template.spec.initContainers as { name: string }[]).find((c) => c.name === sidecarSpec.name),
        `init container ${sidecarSpec.name}`,
      );
      Object.assign(sidecar, { restartPolicy: 'Always' });
    }
    new ApiObject(this, 'Resource', { apiVersion: k8s.KubeJob.GVK.apiVersion, kind: k8s.KubeJob.GVK.kind, ...json });
  }
}
