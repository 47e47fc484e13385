import { Construct } from 'constructs';
import { Harbor, HarborExposure, HarborProps } from '../constructs/harbor/harbor';
import { Checks } from '../constructs/common/errors';
import { VolumeSpec, withStorageClass } from '../constructs/common/storage';
import { KeelsonChart, KeelsonChartProps } from './keelson-chart';
import { SYNC_WAVES } from './sync-waves';
import { SecretKeyRef } from '../constructs/common/secrets';
import { EndpointExposure } from './exposure';

/** Harbor's own settings the environment decides, as Harbor takes them (documented on HarborProps). */
type HarborSettings = Pick<HarborProps, 'adminPassword' | 'encryptionKeySecret' | 'internalSecret' | 'tokenCertSecret' | 'imageStorage' | 'database' | 'redis'>;

/** The `registry` chart: Harbor, and how CI pushes to and pulls from it. */
export interface RegistrySettings extends HarborSettings {
  readonly enabled: boolean;
  /** Served at `harbor.<domain>`. */
  readonly exposure: EndpointExposure;
  /** Vulnerability scanning (required here: every environment states it). */
  readonly trivy: NonNullable<HarborProps['trivy']>;
  readonly replicas: number;
  /** Jenkins pushes images with a Harbor robot account (its token in a Secret of the ci namespace). */
  readonly ciPush: { readonly credentialId: string; readonly username: string; readonly password: SecretKeyRef };
  /** dockerconfigjson Secret in the ci namespace that agents pull build images with. */
  readonly ciPullSecret: string;
}

export interface RegistryChartProps extends KeelsonChartProps {
  readonly settings: RegistrySettings;
  /** The registry's exposure, already bound to the environment's pool when it uses one. */
  readonly exposure: EndpointExposure;
  /** Harbor is served at `harbor.<domain>`. */
  readonly domain: string;
  readonly storageClass?: string;
}

/** Harbor, the image registry CI pushes to and workloads pull from. */
export class RegistryChart extends KeelsonChart {
  readonly harbor: Harbor;

  constructor(scope: Construct, id: string, props: RegistryChartProps) {
    // Strimzi (messaging) or Harbor's Helm chart (registry) creates the pods.
    super(scope, id, { ...props, workloads: 'upstream' });
    const s = props.settings;
    const host = `harbor.${props.domain}`;
    const e = props.exposure;
    const checks: Checks = new Checks(this, 'registry');
    checks.that(
      e.kind === 'ingress' || e.kind === 'loadBalancer',
      'registry.exposure.kind',
      e.kind,
      "must be 'ingress', 'loadBalancer' or 'addressPool' (Harbor must be reachable by container runtimes)",
    );
    const exposure: HarborExposure =
      e.kind === 'ingress'
        ? { kind: 'ingress', host, className: e.className, tlsSecretName: e.tls ? 'harbor-tls' : undefined, annotations: e.annotations }
        : { kind: 'loadBalancer', host, annotations: e.kind === 'loadBalancer' ? { ...e.annotations } : {}, tlsSecretName: 'harbor-tls' };
    const withClass = <T extends VolumeSpec>(v: T): T => withStorageClass(v, props.storageClass);
    this.harbor = new Harbor(this, 'harbor', {
      namespace: this.targetNamespace ?? 'registry',
      exposure,
      adminPassword: s.adminPassword,
      encryptionKeySecret: s.encryptionKeySecret,
      internalSecret: s.internalSecret,
      tokenCertSecret: s.tokenCertSecret,
      imageStorage: s.imageStorage.kind === 'filesystem' ? { ...s.imageStorage, volume: withClass(s.imageStorage.volume) } : s.imageStorage,
      database: s.database.kind === 'internal' ? { ...s.database, volume: withClass(s.database.volume) } : s.database,
      redis: s.redis.kind === 'internal' ? { ...s.redis, volume: withClass(s.redis.volume) } : s.redis,
      trivy: s.trivy.enabled ? { enabled: true, volume: withClass(s.trivy.volume) } : s.trivy,
      jobLogVolume: withClass<VolumeSpec>({ size: '1Gi' }),
      replicas: s.replicas,
      syncWave: SYNC_WAVES.customResources,
    });
  }
}
