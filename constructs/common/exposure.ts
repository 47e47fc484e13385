import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from './errors';
import { isAnnotationKey } from './names';
import { PROP_SHAPES } from './prop-shapes.generated';

/**
 * How a Service is reached from outside the cluster. `loadBalancer` carries annotations so a
 * bare-metal load balancer (OpenELB, MetalLB) can pick the address pool.
 */
export type Exposure =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'loadBalancer';
      /** @default {} */
      readonly annotations?: Record<string, string>;
      /** @default undefined (the cluster's default load balancer implementation) */
      readonly loadBalancerClass?: string;
      /** 'Local' keeps client source addresses. @default 'Cluster' */
      readonly externalTrafficPolicy?: 'Cluster' | 'Local';
    }
  | {
      readonly kind: 'ingress';
      readonly host: string;
      /** @default undefined (the cluster's default IngressClass) */
      readonly ingressClassName?: string;
      /** Secret with the TLS certificate; omit for plain HTTP. @default undefined */
      readonly tlsSecretName?: string;
      /** @default {} */
      readonly annotations?: Record<string, string>;
    };

/** Annotation keys the API server accepts (ValidateAnnotations); values are free text. */
export function checkAnnotations(checks: Checks, field: string, annotations: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(annotations ?? {})) {
    checks.that(
      isAnnotationKey(k),
      `${field}[${JSON.stringify(k)}]`,
      k,
      'must be an annotation key (an optional DNS subdomain prefix and "/", then a name of at most 63 alphanumerics, "-", "_" or ".")',
    );
    checks.that(typeof v === 'string', `${field}[${JSON.stringify(k)}]`, v, 'must be a string (annotation values are text)');
  }
}

/** Validates an Exposure (for owners that check all their props before creating anything). */
export function checkExposure(checks: Checks, field: string, e: Exposure): void {
  checks.that(['none', 'loadBalancer', 'ingress'].includes(e?.kind), `${field}.kind`, e?.kind, "must be 'none', 'loadBalancer' or 'ingress'");
  // What the API server refuses, refused here: nothing invalid reaches the written manifests.
  if (e.kind !== 'none') checkAnnotations(checks, `${field}.annotations`, e.annotations);
  if (e.kind === 'ingress') {
    checks.dnsSubdomain(`${field}.host`, e.host);
    // Ingress validation: spec.ingressClassName must name an IngressClass (NameIsDNSSubdomain).
    if (e.ingressClassName !== undefined) checks.dnsSubdomain(`${field}.ingressClassName`, e.ingressClassName);
    if (e.tlsSecretName !== undefined) checks.dnsSubdomain(`${field}.tlsSecretName`, e.tlsSecretName);
  }
}

export interface ExposedServiceProps {
  readonly exposure: Exposure;
  /** Name of the Service or Ingress created. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** Pods behind a LoadBalancer Service. */
  readonly selector: Record<string, string>;
  /** The in-cluster Service an Ingress routes to, and its port. */
  readonly backend: { readonly service: string; readonly port: number; readonly targetPort: string };
  /**
   * The workload terminates TLS itself on this container port: a LoadBalancer then serves only
   * HTTPS, on `port`. @default undefined (a LoadBalancer serves the backend's plain HTTP port)
   */
  readonly tls?: { readonly port: number; readonly targetPort: string };
  readonly component: string;
  readonly field: string;
}

/** Exposes a workload outside the cluster through a LoadBalancer Service or an Ingress. */
export class ExposedService extends Construct {
  /** The external URL, when it is known at synthesis time (Ingress host). */
  readonly url?: string;

  constructor(scope: Construct, id: string, props: ExposedServiceProps) {
    super(scope, id);
    const checks: Checks = new Checks(this, props.component);
    checks.knownFields(props, PROP_SHAPES.ExposedServiceProps);
    checkExposure(checks, props.field, props.exposure);
    const e = props.exposure;
    switch (e.kind) {
      case 'none':
        return;
      case 'loadBalancer':
        new k8s.KubeService(this, 'Resource', {
          metadata: { name: props.name, labels: props.labels, annotations: e.annotations && { ...e.annotations } },
          spec: {
            type: 'LoadBalancer',
            loadBalancerClass: e.loadBalancerClass,
            externalTrafficPolicy: e.externalTrafficPolicy ?? 'Cluster',
            selector: props.selector,
            ports: [
              props.tls
                ? { name: 'https', port: props.tls.port, targetPort: k8s.IntOrString.fromString(props.tls.targetPort), protocol: 'TCP', appProtocol: 'https' }
                : { name: 'http', port: props.backend.port, targetPort: k8s.IntOrString.fromString(props.backend.targetPort), protocol: 'TCP' },
            ],
          },
        });
        return;
      case 'ingress': {
        this.url = `${e.tlsSecretName ? 'https' : 'http'}://${e.host}`;
        new k8s.KubeIngress(this, 'Resource', {
          metadata: { name: props.name, labels: props.labels, annotations: e.annotations && { ...e.annotations } },
          spec: {
            ingressClassName: e.ingressClassName,
            tls: e.tlsSecretName ? [{ hosts: [e.host], secretName: e.tlsSecretName }] : undefined,
            rules: [
              {
                host: e.host,
                http: {
                  paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: props.backend.service, port: { number: props.backend.port } } } }],
                },
              },
            ],
          },
        });
        return;
      }
    }
  }
}
