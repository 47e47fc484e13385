import { EsSyncSettings } from './types';

/**
 * The index sets mirrored to the reporting cluster in staging and prod: the commerce indices
 * (soft deletes on `deleted`) and the catalog indices (renamed by an explicit map), each copied
 * in full and then kept current. Environments differ only in how parallel the full copy is
 * (the incremental runs read with one slice: see SyncSpec.slices). Soft deletes stay tombstones
 * on the destination (the only delete model of fullThenIncremental: see SoftDeleteSpec).
 */
export function reportingSyncs(parallelism: { readonly fullCopySlices: number; readonly commerceWorkers: number }): EsSyncSettings['syncs'] {
  return {
    commerce: {
      indices: ['orders-*', 'invoices-*', 'customers'],
      mode: { kind: 'fullThenIncremental', schedule: '*/2 * * * *', tracking: { field: 'updated_at', since: '2026-11-15T00:00:00Z', overlap: '10m' } },
      softDelete: { field: 'deleted' },
      slices: parallelism.fullCopySlices,
      workers: parallelism.commerceWorkers,
      batchSize: 1000,
    },
    catalog: {
      indices: ['products', 'product-reviews'],
      rename: { kind: 'map', map: { products: 'catalog-products', 'product-reviews': 'catalog-reviews' } },
      mode: { kind: 'fullThenIncremental', schedule: '*/10 * * * *', tracking: { field: 'event.ingested', since: '2026-11-15T00:00:00Z' } },
      slices: parallelism.fullCopySlices,
      workers: 2,
    },
  };
}
