import { App } from 'cdk8s';
import { renderEnvironment } from '../../render';
import { applyNetworkIsolation, selectorSlug } from '../../charts/network-isolation';
import { KeelsonChart } from '../../charts/keelson-chart';
import { recordFlow } from '../../constructs/common/wiring';
import { ENVIRONMENT_CONTEXT } from '../../constructs/common/errors';
import { layer } from '../../stacks/merge';
import { getEnvironment } from '../../stacks/environments';
import { EnvironmentConfig } from '../../stacks/types';
import { find, Obj } from '../support/harness';
import { objectsOf } from '../support/environments';
import { allows, PodEnd } from '../support/network';

const policiesOf = (objects: Obj[]) => objects.filter((o) => o.kind === 'NetworkPolicy');
const podsOf = (objects: Obj[], namespace: string) => {
  const labelsOf = (kind: string, name: string) => find(objects, kind, name).spec.template.metadata.labels;
  return {
    controller: { namespace, labels: labelsOf('StatefulSet', 'jenkins'), ports: { http: 8080, https: 8443, 'agent-listener': 50000 } } as PodEnd,
    swarmAgent: { namespace, labels: labelsOf('Deployment', 'jenkins-swarm-agent'), ports: { metrics: 9100 } } as PodEnd,
    // Pod agents get their labels from the Kubernetes cloud (JCasC podLabels).
    podAgent: {
      namespace,
      labels: { 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': 'jenkins', 'app.kubernetes.io/component': 'kubernetes-agent' },
    } as PodEnd,
    stranger: { namespace, labels: { 'app.kubernetes.io/name': 'debug' } } as PodEnd,
  };
};
const ingressController: PodEnd = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
const otherNamespace: PodEnd = {
  namespace: 'prod-other',
  labels: { 'app.kubernetes.io/name': 'jenkins', 'app.kubernetes.io/instance': 'jenkins', 'app.kubernetes.io/component': 'swarm-agent' },
};
const dns: PodEnd = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const internet = { ip: '203.0.113.7' };

/** An environment with Jenkins behind an Ingress (the environments expose it through their address pool). */
const behindIngress = (env: string): EnvironmentConfig => layer(getEnvironment(env), { ci: { exposure: { kind: 'ingress', className: 'nginx', tls: true } } });
const ciObjects = (env: EnvironmentConfig) => [...renderEnvironment(env).charts.find((c) => c.name === 'ci')!.objects] as Obj[];

describe.each(['staging', 'prod'])('network isolation in %s', (env) => {
  const objects = ciObjects(behindIngress(env));
  const policies = policiesOf(objects);
  const ns = `${env}-ci`;
  const pods = podsOf(objects, ns);

  test('every namespace has a default-deny policy for ingress and egress, and DNS egress', () => {
    // No rules and policyTypes for both directions: deny all (empty rule lists are left out).
    expect(find(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    for (const pod of Object.values(pods)) expect(allows(policies, pod, dns, 53, 'UDP') && allows(policies, pod, dns, 53, 'TCP')).toBe(true);
  });

  test('agents reach the controller on HTTP and the inbound listener, from the recorded wiring', () => {
    for (const agent of [pods.swarmAgent, pods.podAgent]) {
      expect(allows(policies, agent, pods.controller, 8080)).toBe(true);
      expect(allows(policies, agent, pods.controller, 50000)).toBe(true);
      expect(allows(policies, agent, pods.controller, 22)).toBe(false);
    }
  });

  test('everything else is denied: unknown pods, other namespaces, connections to agents', () => {
    expect(allows(policies, pods.stranger, pods.controller, 8080)).toBe(false);
    expect(allows(policies, otherNamespace, pods.controller, 8080)).toBe(false);
    expect(allows(policies, pods.controller, pods.swarmAgent, 9100)).toBe(false);
    expect(allows(policies, pods.stranger, internet, 443)).toBe(false);
  });

  test('outside traffic reaches the exposed controller through the Ingress controller only', () => {
    expect(find(objects, 'Ingress', 'jenkins').spec.rules[0].http.paths[0].backend.service.name).toBe('jenkins');
    expect(allows(policies, ingressController, pods.controller, 8080)).toBe(true);
    expect(allows(policies, ingressController, pods.controller, 50000)).toBe(false);
    expect(allows(policies, internet, pods.controller, 8080)).toBe(false);
  });

  test("external flows: builds and the controller's checkouts, plugin downloads and API server calls leave the cluster on their ports only", () => {
    expect(allows(policies, pods.swarmAgent, internet, 443)).toBe(true);
    expect(allows(policies, pods.podAgent, internet, 22)).toBe(true);
    expect(allows(policies, pods.controller, internet, 443)).toBe(true);
    expect(allows(policies, pods.controller, { ip: '10.96.0.1' }, 6443)).toBe(true);
    expect(allows(policies, pods.controller, internet, 25)).toBe(false);
  });

  test("the Jenkins construct's own policies are not rendered next to the generated ones", () => {
    expect(policies.every((p) => p.metadata.labels['app.kubernetes.io/component'] === 'network-isolation')).toBe(true);
  });
});

test('prod exposes Jenkins from its address pool: reachable from outside on HTTPS only', () => {
  const objects = objectsOf('prod', 'ci');
  const { controller } = podsOf(objects, 'prod-ci');
  expect(find(objects, 'Service', 'jenkins-external').spec.type).toBe('LoadBalancer');
  expect(allows(policiesOf(objects), internet, controller, 8443)).toBe(true);
  expect(allows(policiesOf(objects), internet, controller, 8080)).toBe(false);
  expect(allows(policiesOf(objects), internet, controller, 50000)).toBe(false);
});

test('dev has no network policies (networkIsolation off)', () => {
  expect(policiesOf(objectsOf('dev'))).toEqual([]);
});

test('a LoadBalancer exposure is reachable from outside the cluster on the service port only', () => {
  const env: EnvironmentConfig = layer(getEnvironment('prod'), { ci: { exposure: { kind: 'loadBalancer' } } });
  const objects = renderEnvironment(env).charts.flatMap((c) => [...c.objects] as Obj[]);
  const policies = policiesOf(objects);
  const { controller } = podsOf(objects, 'prod-ci');
  expect(find(objects, 'Service', 'jenkins-external').spec.type).toBe('LoadBalancer');
  expect(allows(policies, internet, controller, 8080)).toBe(true);
  expect(allows(policies, internet, controller, 50000)).toBe(false);
});

test('the Ingress controller namespace is an environment setting', () => {
  const env: EnvironmentConfig = { ...behindIngress('prod'), ingressControllerNamespace: 'traefik' };
  const objects = ciObjects(env);
  const policies = policiesOf(objects);
  const controller = podsOf(objects, 'prod-ci').controller;
  expect(allows(policies, { ...ingressController, namespace: 'traefik' }, controller, 8080)).toBe(true);
  expect(allows(policies, ingressController, controller, 8080)).toBe(false);
});

describe('the generator works on any charts and flows', () => {
  function twoCharts() {
    const app = new App();
    app.node.setContext(ENVIRONMENT_CONTEXT, 'test');
    const a = new KeelsonChart(app, 'a', { namespace: 'test-a' });
    const b = new KeelsonChart(app, 'b', { namespace: 'test-b' });
    return { app, a, b };
  }
  const sender = { 'app.kubernetes.io/instance': 'shipper', 'app.kubernetes.io/component': 'agent' };
  const receiver = { 'app.kubernetes.io/instance': 'store', 'app.kubernetes.io/component': 'server' };

  test('a flow between charts opens egress in one namespace and ingress in the other, nothing more', () => {
    const { app, a, b } = twoCharts();
    recordFlow(a, {
      from: { chart: 'a', selector: sender },
      to: { kind: 'pods', chart: 'b', selector: receiver },
      ports: [{ port: 3100 }],
      purpose: 'log push',
    });
    recordFlow(a, {
      from: { chart: 'a', selector: sender },
      to: { kind: 'external', host: 'es.example.com', cidr: '198.51.100.0/24' },
      ports: [{ port: 9200 }],
      purpose: 'search',
    });
    applyNetworkIsolation(app, [a, b], { ingressControllerNamespace: 'ingress-nginx' });
    const policies = [...a.toJson(), ...b.toJson()].filter((o) => o.kind === 'NetworkPolicy') as Obj[];
    expect(policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual([
      'test-a/allow-dns',
      'test-a/default-deny',
      'test-a/shipper-agent-egress',
      'test-b/allow-dns',
      'test-b/default-deny',
      'test-b/store-server-ingress',
    ]);
    const from: PodEnd = { namespace: 'test-a', labels: sender };
    const to: PodEnd = { namespace: 'test-b', labels: receiver };
    expect(allows(policies, from, to, 3100)).toBe(true);
    expect(allows(policies, from, to, 3101)).toBe(false);
    expect(allows(policies, { namespace: 'test-b', labels: sender }, to, 3100)).toBe(false);
    expect(allows(policies, from, { ip: '198.51.100.20' }, 9200)).toBe(true);
    expect(allows(policies, from, { ip: '203.0.113.7' }, 9200)).toBe(false);
  });

  test('a flow to a chart that is not in the environment is an error', () => {
    const { app, a, b } = twoCharts();
    recordFlow(a, {
      from: { chart: 'a', selector: sender },
      to: { kind: 'pods', chart: 'tracing', selector: receiver },
      ports: [{ port: 4317 }],
      purpose: 'trace export',
    });
    expect(() => applyNetworkIsolation(app, [a, b], { ingressControllerNamespace: 'ingress-nginx' })).toThrow(
      'network-isolation (test): flows must connect charts of this environment (a, b); got "trace export (chart tracing)"',
    );
  });

  test('policy names come from the recommended labels', () => {
    expect(selectorSlug({ 'app.kubernetes.io/instance': 'loki', 'app.kubernetes.io/component': 'gateway', 'app.kubernetes.io/name': 'loki' })).toBe(
      'loki-gateway',
    );
    expect(selectorSlug({ app: 'Web_UI' })).toBe('web-ui');
  });
});

test.each(['staging', 'prod'])('%s: namespaces whose pods upstream software creates (Kafka, Harbor) are left to it; the rest are isolated', (env) => {
  const r = renderEnvironment(getEnvironment(env));
  const policiesIn = (chart: string) => r.charts.find((c) => c.name === chart)!.objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const chart of ['messaging', 'registry']) expect(policiesIn(chart)).toEqual([]);
  for (const chart of ['ci', 'es-sync', 'logging', 'tracing']) expect(policiesIn(chart).map((o) => o.metadata.name)).toContain('default-deny');
});

test('prod: collectors reach the API server, Loki its object storage and Jaeger OpenSearch, on their ports only', () => {
  const r = renderEnvironment(getEnvironment('prod'));
  const objects = r.charts.flatMap((c) => [...c.objects] as Obj[]);
  const policies = policiesOf(objects);
  const pod = (namespace: string, kind: string, name: string): PodEnd => ({ namespace, labels: find(objects, kind, name).spec.template.metadata.labels });
  const apiServer = { ip: '10.96.0.1' };
  const storage = { ip: '192.0.2.50' };
  expect(allows(policies, pod('prod-logging', 'DaemonSet', 'alloy'), apiServer, 443)).toBe(true);
  expect(allows(policies, pod('prod-tracing', 'DaemonSet', 'otel-agent'), apiServer, 6443)).toBe(true);
  expect(allows(policies, pod('prod-logging', 'StatefulSet', 'loki'), storage, 443)).toBe(true);
  expect(allows(policies, pod('prod-tracing', 'Deployment', 'jaeger'), storage, 9200)).toBe(true);
  expect(allows(policies, pod('prod-logging', 'StatefulSet', 'loki'), storage, 9200)).toBe(false);
  expect(allows(policies, pod('prod-tracing', 'Deployment', 'otel-gateway'), apiServer, 443)).toBe(false);
});
