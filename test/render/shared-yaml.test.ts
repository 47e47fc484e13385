import { YamlCache } from '../../constructs/common/render/yaml-emitter';
import { renderEnvironments } from '../../render';
import { ENVIRONMENTS, getEnvironment } from '../../stacks/environments';
import { isPreview } from '../../stacks/facts';
import { buildPlatform } from '../../stacks/platform';
import { renderedEnvironments } from '../support/environments';

/**
 * Many environments rendered with one YamlCache (what a job previewing many pull requests does)
 * give the bytes of the default emitter, file for file, though most objects are emitted once.
 */
describe('renderEnvironments with a shared YAML cache', () => {
  const preview = ENVIRONMENTS.find(isPreview)!;
  const previews = ['pr-1', 'pr-2', 'pr-3'].map((name) => ({ ...preview, name, domain: `${name}.${preview.domain}` }));
  const envs = [getEnvironment('dev'), ...previews];

  test('writes the same files as emitting every object, and serves the shared ones from the cache', () => {
    const cache = new YamlCache();
    let emitted = 0;
    const shared = renderEnvironments(envs, buildPlatform, (o) => (emitted++, cache.emit(o)));
    // dev as the suite's shared rendering has it (the default emitter), the previews rendered plainly
    const plain = [renderedEnvironments().find((r) => r.env === 'dev')!, ...renderEnvironments(previews)];
    expect(shared.map((r) => [r.env, [...r.files]])).toEqual(plain.map((r) => [r.env, [...r.files]]));
    // The previews' objects are mostly the same: far fewer distinct values than emitted ones.
    expect(emitted).toBe(plain.reduce((n, r) => n + r.files.size, 0));
    expect(cache.size).toBeLessThan(emitted - 20);
  });
});
