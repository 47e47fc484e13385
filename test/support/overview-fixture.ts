import { ApiObject, App, Chart } from 'cdk8s';
import { ManifestObject } from '../../charts/keelson-chart';
import { recordRelease, releasesIn } from '../../constructs/upstream/upstream-release';
import { flowsIn, recordFlow } from '../../constructs/common/wiring';
import { RenderedObjects } from '../../render';
import { dev } from '../../stacks/dev';

/**
 * A tiny two-chart app whose budget is computed by hand in the tests (not a real environment,
 * so the expected numbers stay small and obvious):
 *
 * shop (namespace shop)
 *   Deployment web (web/frontend), no replicas, HPA 2..6. Containers app (250m/256Mi req,
 *     500m/512Mi lim) + proxy (50m/64Mi req, 128Mi lim, no CPU limit); init migrate (1/128Mi
 *     req and lim). Pod: CPU req max(1000, 300) = 1000m; CPU lim unbounded; memory req
 *     max(128, 320) = 320Mi; memory lim max(128, 640) = 640Mi.
 *   PVC uploads (labelled web/frontend) 5Gi; PVC cache (unlabelled, mounted by web) 1Gi.
 *   StatefulSet db (postgres/database) ×3: container 500m/1Gi req, 1/1Gi lim; sidecar exporter
 *     100m/64Mi req, 200m/64Mi lim; claims data 10Gi + wal 2Gi. Pod: 600m/1088Mi req,
 *     1200m/1088Mi lim, 12Gi.
 *   DaemonSet agent (node-agent/collector): limits only 100m/200Mi (requests = limits).
 *   LoadBalancer Service web-public (OpenELB pool, fixed IP), Ingress shop.example.com (TLS).
 * jobs (namespace jobs)
 *   CronJob report (reporter/batch), parallelism 2: 100m/100Mi req and lim.
 */
export function overviewFixture(nodes = 4): RenderedObjects {
  const app = new App();
  const shop = new Chart(app, 'shop', { disableResourceNameHashes: true, namespace: 'shop' });
  const jobs = new Chart(app, 'jobs', { disableResourceNameHashes: true, namespace: 'jobs' });
  const labels = (name: string, component: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': component });
  const res = (requests: Record<string, string> | undefined, limits: Record<string, string>) => ({ ...(requests && { requests }), limits });
  const obj = (chart: Chart, o: ManifestObject) => new ApiObject(chart, `${o.kind}-${o.metadata.name}`, o);

  const web = labels('web', 'frontend');
  obj(shop, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: web },
    spec: {
      selector: { matchLabels: web },
      template: {
        metadata: { labels: web },
        spec: {
          initContainers: [
            { name: 'migrate', image: 'ghcr.io/example/web:1.4.2', resources: res({ cpu: '1', memory: '128Mi' }, { cpu: '1', memory: '128Mi' }) },
          ],
          containers: [
            { name: 'app', image: 'ghcr.io/example/web:1.4.2', resources: res({ cpu: '250m', memory: '256Mi' }, { cpu: '500m', memory: '512Mi' }) },
            {
              name: 'proxy',
              image: 'registry.example.com:5000/proxy/envoy:v1.36.2@sha256:abc123',
              resources: res({ cpu: '50m', memory: '64Mi' }, { memory: '128Mi' }),
            },
          ],
          volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: 'cache' } }],
        },
      },
    },
  });
  obj(shop, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', labels: web },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6 },
  });
  obj(shop, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'uploads', labels: web },
    spec: { resources: { requests: { storage: '5Gi' } } },
  });
  obj(shop, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'cache' }, spec: { resources: { requests: { storage: '1Gi' } } } });

  const db = labels('postgres', 'database');
  const claim = (name: string, size: string) => ({ metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } });
  obj(shop, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', labels: db },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: db },
      template: {
        metadata: { labels: db },
        spec: {
          initContainers: [
            {
              name: 'exporter',
              image: 'quay.io/prometheuscommunity/postgres-exporter:v0.18.1',
              restartPolicy: 'Always',
              resources: res({ cpu: '100m', memory: '64Mi' }, { cpu: '200m', memory: '64Mi' }),
            },
          ],
          containers: [
            { name: 'postgres', image: 'docker.io/library/postgres:18.1', resources: res({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '1Gi' }) },
          ],
        },
      },
      volumeClaimTemplates: [claim('data', '10Gi'), claim('wal', '2Gi')],
    },
  });

  const agent = labels('node-agent', 'collector');
  obj(shop, {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', labels: agent },
    spec: {
      selector: { matchLabels: agent },
      template: {
        metadata: { labels: agent },
        spec: { containers: [{ name: 'agent', image: 'docker.io/grafana/alloy:v1.12.0', resources: res(undefined, { cpu: '100m', memory: '200Mi' }) }] },
      },
    },
  });

  obj(shop, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: web }, spec: { selector: web, ports: [{ port: 8080 }] } });
  obj(shop, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web-public', labels: web, annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb', 'eip.openelb.kubesphere.io/v1alpha2': 'public-pool' } },
    spec: { type: 'LoadBalancer', loadBalancerIP: '192.0.2.10', selector: web, ports: [{ port: 443, protocol: 'TCP' }] },
  });
  obj(shop, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', labels: web },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } },
      ],
    },
  });

  const reporter = labels('reporter', 'batch');
  obj(jobs, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', labels: reporter },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          parallelism: 2,
          template: {
            metadata: { labels: reporter },
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                { name: 'report', image: 'ghcr.io/example/reporter:2.0.0', resources: res({ cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }) },
              ],
            },
          },
        },
      },
    },
  });

  // Wiring, as charts record it.
  recordFlow(shop, { from: { chart: 'shop', selector: web }, to: { kind: 'pods', chart: 'shop', selector: db }, ports: [{ port: 5432 }], purpose: 'orders' });
  recordFlow(jobs, {
    from: { chart: 'jobs', selector: reporter },
    to: { kind: 'external', host: 's3.example.com', cidr: '198.51.100.0/24' },
    ports: [{ port: 443 }],
    purpose: 'report upload',
  });
  recordFlow(shop, {
    from: { chart: 'shop', selector: labels('web', 'canary') },
    to: { kind: 'pods', chart: 'shop', selector: db },
    ports: [{ port: 5432 }],
    purpose: 'orders',
  });
  recordRelease(shop, {
    name: 'openelb',
    namespace: 'openelb-system',
    chart: { repoURL: 'https://openelb.github.io/openelb', chart: 'openelb', version: '0.6.0' },
  });

  const charts = [shop, jobs].map((c) => ({ name: c.node.id, namespace: c.namespace, objects: c.toJson() as ManifestObject[] }));
  return {
    env: 'fixture',
    charts,
    files: new Map(),
    config: { ...dev, name: 'fixture', overview: { nodes } },
    flows: flowsIn(app),
    releases: releasesIn(app),
  };
}

export const Mi = 1024 ** 2;
export const Gi = 1024 ** 3;
