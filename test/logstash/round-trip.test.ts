import { EsSync } from '../../constructs/logstash/es-sync';
import { parsePipeline } from '../../constructs/logstash/config/parse';
import { renderPipeline } from '../../constructs/logstash/config/render';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';
import { objectsOf } from '../support/environments';

/** Every pipeline of every environment: the typed model, its file name and the ConfigMap text that ships. */
const cases = ENVIRONMENTS.flatMap((env) => {
  const syncs = buildPlatform(env)
    .app.node.findAll()
    .filter((c): c is EsSync => c instanceof EsSync);
  const configMaps = objectsOf(env.name, 'es-sync').filter((o) => o.kind === 'ConfigMap');
  return syncs.flatMap((s) =>
    [s.continuousConfig, s.fullCopyConfig]
      .filter((c) => c !== undefined)
      .flatMap((c) =>
        Object.entries(c.models).map(([file, model]) => ({
          env: env.name,
          configMap: c.configMapName,
          file,
          model,
          shipped: configMaps.find((m) => m.metadata.name === c.configMapName)!.data[file] as string,
        })),
      ),
  );
});

describe('every rendered pipeline in every environment parses back to the same model', () => {
  test('covers all environments and both workloads', () => {
    expect(new Set(cases.map((c) => c.env))).toEqual(new Set(ENVIRONMENTS.filter((e) => e.esSync.enabled).map((e) => e.name)));
    expect(cases.length).toBeGreaterThanOrEqual(2 + 3 + 2 + 3 + 2);
  });

  test.each(cases.map((c) => [`${c.env} ${c.configMap}/${c.file}`, c] as const))('%s', (_name, c) => {
    expect(c.shipped).toBe(renderPipeline(c.model));
    expect(parsePipeline(c.shipped)).toEqual(c.model);
  });
});
