import { renderEnvironment } from '../../render';
import { validationReport } from '../../cli/validate';
import { reviewOrder } from '../../cli/commands/diff';
import { defineEnvironment } from '../../stacks/define';
import { ENVIRONMENTS } from '../../stacks/environments';
import { isPreview, isProduction } from '../../stacks/facts';
import { prod } from '../../stacks/prod';
import { staging } from '../../stacks/staging';
import { EnvironmentConfig } from '../../stacks/types';

/** Rules read the environment's tier and scope, never its name. */
describe('environment facts', () => {
  const ephemeralKafka = (env: EnvironmentConfig): EnvironmentConfig => {
    const nodes = env.messaging.kafka!.nodes;
    const ephemeral = { kind: 'ephemeral' as const };
    const layout =
      nodes.kind === 'combined' ? { ...nodes, nodes: { ...nodes.nodes, storage: ephemeral } } : { ...nodes, brokers: { ...nodes.brokers, storage: ephemeral } };
    return { ...env, messaging: { ...env.messaging, kafka: { ...env.messaging.kafka!, nodes: layout } } };
  };

  test('production data rules follow the tier: a production environment with another name keeps its data', () => {
    const live = ephemeralKafka({ ...prod, name: 'live', namespacePrefix: 'live', loadBalancing: { ...prod.loadBalancing, cluster: 'live' } });
    expect(() => renderEnvironment(live)).toThrow(/^environment \(live\): messaging\.kafka\.nodes\.brokers\.storage\.kind must be 'jbod' in production/);
  });

  test("an environment named 'prod' in another tier is not held to production rules", () => {
    expect(() => renderEnvironment(ephemeralKafka({ ...prod, tier: 'staging' }))).not.toThrow();
  });

  test('every registered environment has a known tier; production first and previews last in review order', () => {
    for (const e of ENVIRONMENTS) expect(['production', 'staging', 'development', 'preview']).toContain(e.tier);
    const order = reviewOrder();
    expect(order.slice(0, ENVIRONMENTS.filter(isProduction).length).every((n) => isProduction(ENVIRONMENTS.find((e) => e.name === n)!))).toBe(true);
    expect(order.slice(order.length - ENVIRONMENTS.filter(isPreview).length).every((n) => isPreview(ENVIRONMENTS.find((e) => e.name === n)!))).toBe(true);
  });

  test('an unknown tier is refused', () => {
    expect(() => renderEnvironment({ ...staging, tier: 'qa' as never })).toThrow(
      `environment (staging): tier must be one of 'production', 'staging', 'development', 'preview'; got "qa"`,
    );
  });

  test('scope and namespace prefix agree: a namespace-agnostic environment names no prefix, a namespaced one needs one', () => {
    expect(() => renderEnvironment({ ...staging, scope: 'namespace-agnostic' })).toThrow(
      `environment (staging): namespacePrefix must be unset when scope is 'namespace-agnostic' (the deployer picks the namespace); got "staging"`,
    );
    expect(() => renderEnvironment({ ...staging, namespacePrefix: undefined })).toThrow(/^environment \(staging\): namespacePrefix must be a DNS-1123 label/);
    const agnostic = defineEnvironment('scratch', { tier: 'preview', scope: 'namespace-agnostic' });
    expect(agnostic.namespacePrefix).toBeUndefined();
    expect(defineEnvironment('scratch', { tier: 'development' }).namespacePrefix).toBe('scratch');
  });

  test('the namespace exceptions of upstream charts follow the rendered namespaces, whatever the prefix', () => {
    const moved: EnvironmentConfig = { ...staging, namespacePrefix: 'stg' };
    const report = validationReport({ environments: [moved] });
    expect(report.errors).toEqual([]);
    expect(report.violations).toEqual([]);
    const namespaces = report.exceptions.filter((x) => x.rule === 'namespace-default-deny').map((x) => x.object);
    expect(namespaces.sort()).toEqual(['staging/messaging Namespace/stg-messaging', 'staging/registry Namespace/stg-registry']);
  });
});
