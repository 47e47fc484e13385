import { getEnvironment } from '../../stacks/environments';
import { ManifestObject } from '../../charts/keelson-chart';
import { RenderedObjects } from '../../render';
import { variant } from './harness';

/** A well-formed, policy-clean Deployment that tests break one field at a time. */
export const GOOD_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod-app', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [
          {
            name: 'web',
            image: 'docker.io/library/nginx:1.29.3',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
            livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 20 },
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    },
  },
} as const;

/** GOOD_DEPLOYMENT with `mutate` applied to a deep copy. */
export const deployment = (mutate: (d: any) => void = () => undefined): ManifestObject => variant(GOOD_DEPLOYMENT, mutate) as unknown as ManifestObject;

/** A one-chart environment holding the given objects (namespace `prod-app`). */
export function environmentOf(objects: readonly ManifestObject[], env = 'prod'): RenderedObjects {
  return { env, config: getEnvironment(env), charts: [{ name: 'app', namespace: 'prod-app', objects }], files: new Map(), flows: [], releases: [] };
}
