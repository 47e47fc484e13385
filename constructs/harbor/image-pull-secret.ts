import { Construct } from 'constructs';
import { Checks } from '../common/errors';
import { requireSecret } from '../common/secrets';
import { PROP_SHAPES } from '../common/prop-shapes.generated';

export interface ImagePullSecretProps {
  /** Name of an existing `kubernetes.io/dockerconfigjson` Secret in the consuming namespace. */
  readonly secretName: string;
  /** Registry host the credentials are for, e.g. `harbor.example.com`. */
  readonly registry: string;
}

/**
 * A reference to a dockerconfigjson Secret that lets pods pull from a private registry (Harbor).
 * The Secret is created out of band (or by `pulumi up`); this records that it must exist and
 * hands its name to workloads (`imagePullSecrets`).
 */
export class ImagePullSecret extends Construct {
  readonly secretName: string;
  readonly registry: string;

  constructor(scope: Construct, id: string, props: ImagePullSecretProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, 'image-pull-secret');
    checks.knownFields(props, PROP_SHAPES.ImagePullSecretProps);
    checks.dnsSubdomain('registry', props.registry);
    requireSecret(
      this,
      checks,
      'secretName',
      props.secretName === undefined ? undefined : { name: props.secretName, key: '.dockerconfigjson' },
      `pull images from ${props.registry}`,
    );
    this.secretName = props.secretName;
    this.registry = props.registry;
  }
}
