import { topologyMermaid } from '../../../cli/overview/topology';
import { renderedEnvironments } from '../../support/environments';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { overviewFixture } from '../../support/overview-fixture';

describe('topology diagram of the fixture app', () => {
  const mermaid = topologyMermaid(overviewFixture());
  const lines = mermaid.split('\n');

  test('a Mermaid flowchart with one subgraph per chart holding its components', () => {
    expect(lines[0]).toBe('flowchart LR');
    const shop = lines.slice(lines.indexOf('  subgraph g_chart_shop["shop · namespace shop"]'));
    expect(shop.slice(1, shop.indexOf('  end'))).toEqual([
      '    c_shop_web_frontend["web frontend<br/>Deployment ×2–6"]',
      '    c_shop_postgres_database["postgres database<br/>StatefulSet ×3"]',
      '    c_shop_node_agent_collector["node-agent collector<br/>DaemonSet per node"]',
      '    p_shop_canary_web(["web canary<br/>pods not in the manifests"])',
    ]);
    expect(lines).toContain('  subgraph g_chart_jobs["jobs · namespace jobs"]');
  });

  test('recorded flows become labelled arrows, to pods or to external hosts', () => {
    expect(lines).toContain('  c_shop_web_frontend -->|"orders<br/>TCP 5432"| c_shop_postgres_database');
    expect(lines).toContain('  p_shop_canary_web -->|"orders<br/>TCP 5432"| c_shop_postgres_database');
    expect(lines).toContain('    x_s3_example_com{{"s3.example.com<br/>198.51.100.0/24"}}');
    expect(lines).toContain('  c_jobs_reporter_batch -->|"report upload<br/>TCP 443"| x_s3_example_com');
  });

  test('LoadBalancer Services and Ingresses are arrows from clients to the pods they reach', () => {
    expect(lines).toContain('  clients(["clients"])');
    expect(lines).toContain('  clients -->|"LoadBalancer web-public<br/>192.0.2.10 · pool public-pool · 443/TCP"| c_shop_web_frontend');
    expect(lines).toContain('  clients -->|"Ingress web<br/>https://shop.example.com/"| c_shop_web_frontend');
  });

  test('upstream Helm releases are listed with chart and version', () => {
    expect(lines).toContain('    r_openelb_system_openelb[("openelb<br/>openelb 0.6.0<br/>namespace openelb-system")]');
  });

  test('deterministic', () => {
    expect(topologyMermaid(overviewFixture())).toBe(mermaid);
  });
});

/** Environments that expose Jenkins through their address pool, as the assertions below expect. */
const poolExposed = () => ENVIRONMENTS.filter((e) => e.ci.exposure.kind === 'addressPool').map((e) => e.name);

describe('topology of the real environments', () => {
  test.each(poolExposed())('%s shows Jenkins agents dialling the controller and the way in', (env) => {
    const r = renderedEnvironments().find((x) => x.env === env)!;
    const lines = topologyMermaid(r).split('\n');
    expect(lines).toContain('  c_ci_jenkins_swarm_agent -->|"jenkins swarm-agent connects<br/>TCP 8080, 50000"| c_ci_jenkins_controller');
    expect(lines).toContain('  p_ci_kubernetes_agent_jenkins -->|"jenkins kubernetes-agent connects<br/>TCP 8080, 50000"| c_ci_jenkins_controller');
    const ways = lines.filter((l) => l.startsWith('  clients -->'));
    // Jenkins and Grafana through the environment's address pool.
    expect(ways.filter((l) => l.endsWith('| c_ci_jenkins_controller'))).toEqual([
      // Prod serves HTTPS on 443; the others plain HTTP on the component's port.
      expect.stringMatching(new RegExp(`^ {2}clients -->\\|"LoadBalancer jenkins-external<br/>pool [^"]+ · ${env === 'prod' ? 443 : 8080}/TCP"\\|`)),
    ]);
    expect(ways.filter((l) => l.endsWith('| c_logging_grafana_ui'))).toEqual([
      expect.stringMatching(new RegExp(`^ {2}clients -->\\|"LoadBalancer grafana-external<br/>pool [^"]+ · ${env === 'prod' ? 443 : 3000}/TCP"\\|`)),
    ]);
  });
});
