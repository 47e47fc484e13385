import { Loki, LokiProps } from '../../constructs/logging/loki';
import { scope, variant } from '../support/harness';
import { LOKI_FS, LOKI_S3 } from '../support/observability-fixtures';

const build = (props: LokiProps) => () => new Loki(scope('prod'), 'loki', props);
const prefix = "loki 'test/loki' (prod): ";

describe('Loki rejects bad input with the field and the value received', () => {
  test.each<[string, LokiProps, (d: any) => void, string]>([
    ['zero retention', LOKI_FS, (d) => (d.retentionDays = 0), 'retentionDays must be a whole number between 1 and 3650; got 0'],
    ['fractional retention', LOKI_FS, (d) => (d.retentionDays = 1.5), 'retentionDays must be a whole number between 1 and 3650; got 1.5'],
    ['retention given as text', LOKI_FS, (d) => (d.retentionDays = '7d'), 'retentionDays must be a whole number between 1 and 3650; got "7d"'],
    ['an unknown storage backend', LOKI_FS, (d) => (d.storage.kind = 'gcs'), `storage.kind must be 'filesystem' or 's3'; got "gcs"`],
    [
      'object storage without an access key',
      LOKI_S3,
      (d) => delete d.storage.accessKeyId,
      'storage.accessKeyId must reference a Secret key ({ name, key }); got nothing',
    ],
    [
      'object storage without a secret key',
      LOKI_S3,
      (d) => delete d.storage.secretAccessKey,
      'storage.secretAccessKey must reference a Secret key ({ name, key }); got nothing',
    ],
    [
      'an endpoint with a scheme',
      LOKI_S3,
      (d) => (d.storage.endpoint = 'https://rgw.example.com'),
      'storage.endpoint must be host[:port] without a scheme (set insecure for plain HTTP); got "https://rgw.example.com"',
    ],
    [
      'an invalid bucket',
      LOKI_S3,
      (d) => (d.storage.bucket = 'Loki_Chunks'),
      'storage.bucket must be an S3 bucket name (3–63 lower-case letters, digits, "." and "-"); got "Loki_Chunks"',
    ],
    ['object storage without a local volume', LOKI_S3, (d) => delete d.storage.volume, 'storage.volume must set { size }; got nothing'],
    ['a schema date that is not a date', LOKI_FS, (d) => (d.schemaStart = '2026/01/01'), 'schemaStart must be a date YYYY-MM-DD; got "2026/01/01"'],
    [
      'a burst below the rate',
      LOKI_FS,
      (d) => (d.limits = { ingestionRateMb: 10, ingestionBurstSizeMb: 5 }),
      'limits.ingestionBurstSizeMb must be a whole number between 10 and 4096; got 5',
    ],
    [
      'a bad volume size',
      LOKI_FS,
      (d) => (d.storage.volume.size = '10GB'),
      'storage.volume.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "10GB"',
    ],
    [
      'an unpinned image',
      LOKI_FS,
      (d) => (d.image = { repository: 'grafana/loki', tag: 'latest' }),
      'image.tag must be pinned to a released version, not "latest"; got "latest"',
    ],
  ])('%s', (_name, good, mutate, message) => {
    expect(build(variant(good, mutate))).toThrow(prefix + message);
  });
});
