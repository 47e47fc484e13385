/**
 * The runtime shapes that reject unknown keys are generated from the TypeScript types: this test
 * regenerates them and fails when the committed files are out of date (run: npm run shapes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findUnknownKey, unknownKeyExpectation } from '../constructs/common/shape';
import { PROP_SHAPES } from '../constructs/common/prop-shapes.generated';
import { ENVIRONMENT_SHAPES } from '../stacks/environment-shape.generated';
import { ENVIRONMENTS } from '../stacks/environments';
import { generateShapes } from '../scripts/shapes';

describe('generated shapes', () => {
  test('are in sync with the types (npm run shapes)', () => {
    for (const [file, content] of generateShapes()) expect(fs.readFileSync(path.join(__dirname, '..', file), 'utf8')).toBe(content);
  }, 30_000);

  test('every registered environment has only known keys', () => {
    for (const env of ENVIRONMENTS) expect(findUnknownKey(env, ENVIRONMENT_SHAPES.EnvironmentConfig)).toBeUndefined();
  });

  test('a misspelt key deep in a tagged union, an array and an index signature is found with its path', () => {
    const env = structuredClone(ENVIRONMENTS[0]) as any;
    env.ci.credentials = [{ kind: 'secretText', id: 't', secret: { name: 's', key: 'k', optional: true } }];
    expect(findUnknownKey(env, ENVIRONMENT_SHAPES.EnvironmentConfig)).toEqual({
      path: 'ci.credentials[0].secret.optional',
      value: true,
      known: ['name', 'key'],
    });
    // Index signatures (annotations) accept any key; class instances are opaque.
    env.ci.credentials = [];
    env.ci.exposure = { kind: 'ingress', tls: true, annotations: { 'any/key': 'x' } };
    expect(findUnknownKey(env, ENVIRONMENT_SHAPES.EnvironmentConfig)).toBeUndefined();
  });

  test('suggests the closest known key, or lists them', () => {
    expect(unknownKeyExpectation({ path: 'a.maxReplcias', value: 1, known: ['minReplicas', 'maxReplicas'] })).toBe(
      'is not a known field (did you mean "maxReplicas"?)',
    );
    expect(unknownKeyExpectation({ path: 'zzz', value: 1, known: ['b', 'a'] })).toBe('is not a known field (known fields: a, b)');
  });

  test('covers every construct Props interface', () => {
    expect(Object.keys(PROP_SHAPES).length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(PROP_SHAPES)).toEqual(expect.arrayContaining(['KafkaTopicProps', 'JenkinsClusterProps', 'EsSyncProps']));
  });
});
