/** How an environment's user-facing endpoints are reached. */
export type EndpointExposure =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'ingress';
      /** @default undefined (the cluster's default IngressClass) */
      readonly className?: string;
      /** Serve HTTPS with a certificate in Secret `<component>-tls`. */
      readonly tls: boolean;
      /** @default {} */
      readonly annotations?: Record<string, string>;
    }
  | {
      readonly kind: 'loadBalancer';
      /** @default {} */
      readonly annotations?: Record<string, string>;
      /**
       * The component serves HTTPS itself with the certificate in Secret `<component>-tls` (the
       * load balancer passes TCP through). @default false
       */
      readonly tls?: boolean;
    }
  | {
      /** A LoadBalancer Service with an address from the environment's pool (`loadBalancing`). */
      readonly kind: 'addressPool';
      /** A fixed address inside the pool. @default undefined (any free address) */
      readonly fixedIp?: string;
      /** As for `loadBalancer`. @default false */
      readonly tls?: boolean;
    };
