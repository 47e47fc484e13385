import { Jaeger, JaegerProps } from '../../constructs/tracing/jaeger';
import { scope, variant } from '../support/harness';
import { JAEGER_ES, JAEGER_MEMORY } from '../support/observability-fixtures';

const build = (props: JaegerProps) => () => new Jaeger(scope('prod'), 'jaeger', props);
const prefix = "jaeger 'test/jaeger' (prod): ";

describe('Jaeger rejects bad input with the field and the value received', () => {
  test.each<[string, JaegerProps, (d: any) => void, string]>([
    [
      'an unknown storage backend',
      JAEGER_MEMORY,
      (d) => (d.storage = { kind: 'cassandra' }),
      'storage.kind must be one of memory, badger, elasticsearch, opensearch; got "cassandra"',
    ],
    [
      'memory storage replicated',
      JAEGER_MEMORY,
      (d) => (d.replicas = 2),
      'replicas must be 1 with memory storage (each replica would hold its own traces); use elasticsearch or opensearch to replicate; got 2',
    ],
    [
      'badger storage replicated',
      JAEGER_MEMORY,
      (d) => {
        d.storage = { kind: 'badger', volume: { size: '10Gi' } };
        d.replicas = 3;
      },
      'replicas must be 1 with badger storage (Badger has a single writer on its volume); use elasticsearch or opensearch to replicate; got 3',
    ],
    ['badger without a volume', JAEGER_MEMORY, (d) => (d.storage = { kind: 'badger' }), 'storage.volume must set { size }; got nothing'],
    [
      'elasticsearch without a password',
      JAEGER_ES,
      (d) => delete d.storage.password,
      'storage.password must reference a Secret key ({ name, key }); got nothing',
    ],
    ['elasticsearch without servers', JAEGER_ES, (d) => (d.storage.serverUrls = []), 'storage.serverUrls must list at least one entry; got []'],
    [
      'a server URL with a path',
      JAEGER_ES,
      (d) => (d.storage.serverUrls = ['https://es:9200/jaeger']),
      'storage.serverUrls[0] must be an http(s) URL of a cluster node, without a path; got "https://es:9200/jaeger"',
    ],
    [
      'an upper-case index prefix',
      JAEGER_ES,
      (d) => (d.storage.indexPrefix = 'Jaeger'),
      "storage.indexPrefix must be a lower-case index name prefix (letters, digits, '-' and '_'); got \"Jaeger\"",
    ],
    [
      'a sampling probability above 1',
      JAEGER_MEMORY,
      (d) => (d.sampling = { default: { type: 'probabilistic', param: 1.5 }, services: {} }),
      'sampling.default.param must be a probability between 0 and 1; got 1.5',
    ],
    [
      'an unknown sampling type',
      JAEGER_MEMORY,
      (d) => (d.sampling = { default: { type: 'probabilistic', param: 0.5 }, services: { web: { type: 'adaptive', param: 1 } } }),
      "sampling.services.web.type must be 'probabilistic' or 'ratelimiting'; got \"adaptive\"",
    ],
    [
      'too few in-memory traces',
      JAEGER_MEMORY,
      (d) => (d.storage.maxTraces = 10),
      'storage.maxTraces must be a whole number between 1000 and 10000000; got 10',
    ],
  ])('%s', (_name, good, mutate, message) => {
    expect(build(variant(good, mutate))).toThrow(prefix + message);
  });
});
