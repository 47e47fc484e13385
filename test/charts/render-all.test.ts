import { App } from 'cdk8s';
import { KeelsonChart } from '../../charts/keelson-chart';
import { buildDelivery } from '../../stacks/delivery';
import { ENVIRONMENTS } from '../../stacks/environments';
import { buildPlatform } from '../../stacks/platform';

/**
 * KeelsonChart.renderAll does cdk8s's App-wide dependency and validation pass once instead of at
 * every chart; each chart's objects, in order, must still equal what its own toJson() returns.
 */
describe('KeelsonChart.renderAll', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: equal to toJson() chart by chart', (_, env) => {
    const platform = buildPlatform(env);
    const delivery = buildDelivery(platform);
    const charts = [...platform.charts, ...delivery.charts];
    expect(KeelsonChart.renderAll(charts)).toStrictEqual(charts.map((c) => c.toJson()));
  });

  test('charts of two Apps are refused, naming both', () => {
    const a = new KeelsonChart(new App(), 'a', { namespace: 'a' });
    const b = new KeelsonChart(new App(), 'b', { namespace: 'b' });
    expect(() => KeelsonChart.renderAll([a, b])).toThrow('KeelsonChart.renderAll: b belongs to another App than a');
  });

  test('no charts, no objects', () => {
    expect(KeelsonChart.renderAll([])).toEqual([]);
  });
});
