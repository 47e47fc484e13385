import { parse } from 'yaml';
import { Loki } from '../../constructs/logging/loki';
import { objectsOf, renderedEnvironments } from '../support/environments';
import { find, synthesize } from '../support/harness';
import { LOKI_FS, LOKI_S3 } from '../support/observability-fixtures';
import { LOKI_3_7_KEYS, unknownKeys } from './loki-config-reference';

// Loki parses its file strictly: a key its configuration structs do not have stops it at start.
// Building Loki to run -verify-config is not an option here (its Go module is AGPL), so every key
// we render is checked against the keys recorded from Loki 3.7's configuration reference.
const configOf = (objects: any[]) => parse(find(objects, 'ConfigMap', 'loki-config').data['config.yaml']);

describe("Loki's configuration uses only keys Loki 3.7 knows", () => {
  test.each([
    ['filesystem storage', LOKI_FS],
    ['S3 storage', LOKI_S3],
  ])('%s', (_name, props) => {
    const config = configOf(synthesize((c) => new Loki(c, 'loki', props)));
    expect(unknownKeys(config, LOKI_3_7_KEYS)).toEqual([]);
  });

  test('every environment', () => {
    const envs = renderedEnvironments()
      .map((r) => r.env)
      .filter((env) => objectsOf(env, 'logging').some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'loki-config'));
    expect(envs).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
    for (const env of envs) expect([env, unknownKeys(configOf(objectsOf(env, 'logging')), LOKI_3_7_KEYS)]).toEqual([env, []]);
  });

  test('the check finds a misspelt or misplaced key', () => {
    const config = configOf(synthesize((c) => new Loki(c, 'loki', LOKI_S3)));
    config.limits_config.ingestion_rate = 4;
    config.common.storage.s3.force_path_style = true;
    config.schema_config.configs[0].index.period_hours = 24;
    config.compactor = 'on';
    expect(unknownKeys(config, LOKI_3_7_KEYS)).toEqual([
      'common.storage.s3.force_path_style',
      'schema_config.configs[].index.period_hours',
      'compactor (must be a block)',
      'limits_config.ingestion_rate',
    ]);
  });
});
