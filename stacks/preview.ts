import { defineEnvironment } from './define';

/**
 * A PR preview: the whole platform at the smallest size that still starts, one replica of
 * everything, no autoscalers, no volumes that outlive the pods. Its manifests name no
 * namespace (each pull request gets its own) and contain no cluster-scoped object.
 */
export const preview = defineEnvironment('preview', {
  tier: 'preview',
  scope: 'namespace-agnostic',
  domain: 'preview.platform.example.com',
  ci: {
    controller: {
      storage: { size: '4Gi', lifetime: 'ephemeral' },
      resources: { requests: { cpu: '200m', memory: '1280Mi' }, limits: { memory: '1280Mi' } },
    },
    agents: {
      autoscaling: { minReplicas: 1, maxReplicas: 1 },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      executors: 1,
    },
    kubernetesCloud: {
      containerCap: 2,
      templates: {
        default: { resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '1Gi' } }, instanceCap: 2 },
      },
    },
    // Previews are reached with `kubectl port-forward`: many previews cannot share one host name.
    exposure: { kind: 'none' },
  },
  // Shared services stay in the long-lived environments: a preview runs the delivery slice only.
  registry: { enabled: false },
  messaging: { enabled: false },
  esSync: { enabled: false },
  // Previews are deployed by the ApplicationSet of the hosting environment, or by `pulumi up -s pr-<n>`.
  delivery: { mode: 'direct', argocd: { appOfApps: false } },
  // A store only preview namespaces may read, holding throw-away credentials (see the README).
  secrets: { kind: 'externalSecrets', store: { kind: 'ClusterSecretStore', name: 'keelson-previews' }, keyPrefix: 'keelson/previews' },
});
