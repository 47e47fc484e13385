import { defineEnvironment } from './define';

/** Pre-production: prod's shape at a smaller size, with network isolation on. */
export const staging = defineEnvironment('staging', {
  domain: 'staging.platform.example.com',
  storageClass: 'ceph-rbd',
  ci: {
    controller: { storage: { size: '50Gi' } },
    agents: { autoscaling: { minReplicas: 1, maxReplicas: 5 } },
    kubernetesCloud: { containerCap: 15 },
  },
  esSync: {
    // The commerce indices mirrored to the reporting cluster: full copy, then incremental runs.
    syncs: [
      {
        name: 'commerce',
        indices: ['orders-*', 'invoices-*', 'customers'],
        mode: { kind: 'fullThenIncremental', schedule: '*/2 * * * *', tracking: { field: 'updated_at', since: '2026-11-15T00:00:00Z', overlap: '10m' } },
        softDelete: { field: 'deleted' },
        slices: 2,
        workers: 2,
        batchSize: 1000,
      },
      {
        name: 'catalog',
        indices: ['products', 'product-reviews'],
        rename: { kind: 'map', map: { products: 'catalog-products', 'product-reviews': 'catalog-reviews' } },
        mode: { kind: 'fullThenIncremental', schedule: '*/10 * * * *', tracking: { field: 'event.ingested', since: '2026-11-15T00:00:00Z' } },
        slices: 2,
        workers: 2,
      },
    ],
    storage: { size: '40Gi' },
    queue: { maxBytes: '4Gi' },
    deadLetterQueue: { maxBytes: '2Gi' },
  },
  // Generated from the wiring; replaces the Jenkins construct's own policies.
  networkIsolation: true,
});
