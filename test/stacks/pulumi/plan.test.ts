import * as fs from 'node:fs';
import { ApiObject, App } from 'cdk8s';
import { parse } from 'yaml';
import { KeelsonChart } from '../../../charts/keelson-chart';
import { renderCharts } from '../../../render';
import { DATA_PROTECTION_ANNOTATIONS } from '../../../constructs/common/storage';
import { recordRelease } from '../../../constructs/upstream/upstream-release';
import { endpointsOf, helmChartArgs, planChart, secretConfigKey } from '../../../stacks/pulumi/plan';
import { UPSTREAM_RELEASE_LABEL } from '../../../constructs/upstream/upstream-release';

function chartWithRelease(namespace?: string): KeelsonChart {
  const chart = new KeelsonChart(new App(), 'operators', { namespace });
  recordRelease(chart, {
    name: 'strimzi',
    namespace: namespace ?? 'unused',
    chart: { repoURL: 'oci://quay.io/strimzi-helm', chart: 'strimzi-kafka-operator', version: '1.2.0' },
  });
  new ApiObject(chart, 'release-app', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'strimzi', namespace: 'argocd', labels: { [UPSTREAM_RELEASE_LABEL]: 'strimzi' } },
  });
  new ApiObject(chart, 'data', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', annotations: DATA_PROTECTION_ANNOTATIONS } });
  new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
  new ApiObject(chart, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app' } });
  new ApiObject(chart, 'app', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app' } });
  new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' } });
  return chart;
}

/** The chart as the render core renders it (what the program plans from). */
const renderedWithRelease = (namespace?: string) => renderCharts([chartWithRelease(namespace)])[0];

describe('Pulumi plan', () => {
  test('splits a chart: cluster-scoped first, data holders apart, upstream-release Applications left to Helm', () => {
    const p = planChart(renderedWithRelease('x-operators'));
    // The namespace holds a claim: deleting a Namespace deletes everything in it, so it is
    // managed like the data (the namespace controller of kube-controller-manager cascades).
    expect(p.cluster).toEqual([]);
    expect(p.dataNamespaces.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Namespace/x-operators']);
    expect(p.data.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.namespace}`)).toEqual(['PersistentVolumeClaim/data/x-operators']);
    expect(p.releases.map((r) => r.name)).toEqual(['strimzi']);
  });

  test('identities and configuration come before the workloads; Services go with the Pods they front', () => {
    // The ServiceAccount admission plugin rejects a Pod whose ServiceAccount does not exist yet
    // (kube-apiserver plugin/pkg/admission/serviceaccount, 1.36): a StatefulSet created first
    // reported "error looking up service account dev-ci/jenkins". Pulumi's Service await waits
    // for endpoints (pulumi-kubernetes 4.25 provider/pkg/await), so a Service in the first group
    // would wait for Pods that only the second group creates.
    const p = planChart(renderedWithRelease('x-operators'));
    expect(p.config.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/config', 'ServiceAccount/app']);
    expect(p.workloads.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/app', 'Service/app']);
  });

  test('a namespace override (PR preview) lands every namespaced object and release in it', () => {
    const p = planChart(renderedWithRelease(undefined), 'keelson-pr-7');
    expect(p.cluster).toEqual([]);
    expect([...p.data, ...p.config, ...p.workloads].map((o) => o.metadata.namespace)).toEqual(Array(5).fill('keelson-pr-7'));
  });

  test('Helm chart references: https repositories and OCI registries', () => {
    expect(helmChartArgs({ name: 'harbor', namespace: 'r', chart: { repoURL: 'https://helm.goharbor.io', chart: 'harbor', version: '1.19.2' } })).toEqual({
      chart: 'harbor',
      version: '1.19.2',
      repositoryOpts: { repo: 'https://helm.goharbor.io' },
    });
    expect(
      helmChartArgs({ name: 's', namespace: 'o', chart: { repoURL: 'oci://quay.io/strimzi-helm/', chart: 'strimzi-kafka-operator', version: '1.2.0' } }),
    ).toEqual({
      chart: 'oci://quay.io/strimzi-helm/strimzi-kafka-operator',
      version: '1.2.0',
    });
  });

  test('endpoints: Ingress hosts (https with TLS) and requested load-balancer addresses', () => {
    const workloads = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'grafana' },
        spec: { tls: [{ hosts: ['grafana.example.com'] }], rules: [{ host: 'grafana.example.com' }] },
      },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'jaeger' }, spec: { rules: [{ host: 'jaeger.example.com' }] } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'harbor', annotations: { 'metallb.io/loadBalancerIPs': '192.0.2.10' } },
        spec: { type: 'LoadBalancer' },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'internal' }, spec: { type: 'ClusterIP' } },
    ];
    expect(
      endpointsOf([{ name: 'c', cluster: [], dataNamespaces: [], config: [], data: [], externalSecrets: [], workloads, secrets: [], releases: [] }]),
    ).toEqual({
      'c/grafana': 'https://grafana.example.com',
      'c/jaeger': 'http://jaeger.example.com',
      'c/harbor': '192.0.2.10',
    });
  });

  test('no Secret value is committed: Pulumi.<stack>.yaml files hold Secret keys only encrypted', () => {
    const stacks = fs.readdirSync('.').filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    expect(stacks).toEqual(expect.arrayContaining(['Pulumi.dev.yaml', 'Pulumi.prod.yaml', 'Pulumi.staging.yaml']));
    expect(secretConfigKey('jenkins-admin', 'password')).toBe('secret.jenkins-admin.password');
    for (const f of stacks) {
      const config = (parse(fs.readFileSync(f, 'utf8')) as { config?: Record<string, unknown> }).config ?? {};
      for (const [k, v] of Object.entries(config)) {
        if (k.startsWith('keelson:secret.') || /password|token/i.test(k))
          expect([f, k, typeof v === 'object' && v !== null && 'secure' in v]).toEqual([f, k, true]);
      }
    }
  });
});
