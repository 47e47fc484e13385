import { EsSyncProps } from '../../constructs/logstash/es-sync';

/** A valid EsSync with one sync of each mode (destination TLS from the JVM trust store); tests derive bad inputs from it with `variant`. */
export const ES_SYNC: EsSyncProps = {
  source: {
    hosts: ['https://source-a.example.com:9200', 'https://source-b.example.com'],
    auth: { kind: 'basic', username: { name: 'src-es', key: 'username' }, password: { name: 'src-es', key: 'password' } },
    tls: { ca: { name: 'src-ca', key: 'ca.crt' } },
  },
  destination: {
    hosts: ['https://dest.example.com:9200'],
    auth: { kind: 'apiKey', apiKey: { name: 'dest-es', key: 'api-key' } },
  },
  syncs: {
    archive: { indices: ['archive-2024', 'archive-2025'], mode: { kind: 'full' }, rename: { kind: 'suffix', suffix: '-copy' } },
    orders: {
      indices: ['orders-*'],
      mode: { kind: 'incremental', schedule: '*/5 * * * *', tracking: { field: 'updated_at', since: '2026-01-01T00:00:00Z' } },
      softDelete: { field: 'deleted' },
      keepFields: ['@timestamp'],
    },
    catalog: {
      indices: ['products', 'reviews'],
      rename: { kind: 'map', map: { products: 'cat-products', reviews: 'cat-reviews' } },
      mode: {
        kind: 'fullThenIncremental',
        schedule: '0 * * * *',
        tracking: { field: 'event.ingested', since: '2026-01-01T00:00:00.000000001+01:00', overlap: '15m' },
      },
      slices: 4,
      workers: 3,
      batchSize: 800,
    },
  },
  storage: { size: '10Gi', storageClass: 'fast' },
  resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' } },
  heap: '1Gi',
  queue: { maxBytes: '1Gi' },
  deadLetterQueue: { maxBytes: '512Mi' },
};
