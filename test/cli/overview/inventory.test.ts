import { endpointsOf, imagesOf, objectCounts, splitImage } from '../../../cli/overview/inventory';
import { componentTitle } from '../../../cli/overview/workloads';
import { overviewFixture } from '../../support/overview-fixture';

describe('inventory of the fixture app', () => {
  const fixture = overviewFixture();

  test('objects per chart, by kind', () => {
    expect(objectCounts(fixture.charts)).toEqual([
      {
        chart: 'shop',
        namespace: 'shop',
        objects: 9,
        kinds: { DaemonSet: 1, Deployment: 1, HorizontalPodAutoscaler: 1, Ingress: 1, PersistentVolumeClaim: 2, Service: 2, StatefulSet: 1 },
      },
      { chart: 'jobs', namespace: 'jobs', objects: 1, kinds: { CronJob: 1 } },
    ]);
  });

  test('a LoadBalancer Service with its pool, fixed IP and annotations; an Ingress with its URL; both resolve to the pods they serve', () => {
    const [lb, ingress] = [endpointsOf(fixture.charts).find((e) => e.kind === 'LoadBalancer')!, endpointsOf(fixture.charts).find((e) => e.kind === 'Ingress')!];
    expect(lb).toMatchObject({
      service: 'web-public',
      namespace: 'shop',
      ports: ['443/TCP'],
      pool: 'public-pool',
      fixedIps: ['192.0.2.10'],
      annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb', 'eip.openelb.kubesphere.io/v1alpha2': 'public-pool' },
    });
    expect(lb.targets.map(componentTitle)).toEqual(['shop · web/frontend']);
    expect(ingress).toMatchObject({ ingress: 'web', ingressClassName: 'nginx', urls: ['https://shop.example.com/'] });
    expect(ingress.targets.map(componentTitle)).toEqual(['shop · web/frontend']);
    expect(endpointsOf(fixture.charts)).toHaveLength(2);
  });

  test('every image of every container, init and sidecar containers included, with its version and users', () => {
    expect(imagesOf(fixture.charts).map((i) => [i.repository, i.version, i.usedBy.join(', ')])).toEqual([
      ['docker.io/grafana/alloy', 'v1.12.0', 'shop · node-agent/collector'],
      ['docker.io/library/postgres', '18.1', 'shop · postgres/database'],
      ['ghcr.io/example/reporter', '2.0.0', 'jobs · reporter/batch'],
      ['ghcr.io/example/web', '1.4.2', 'shop · web/frontend'],
      ['quay.io/prometheuscommunity/postgres-exporter', 'v0.18.1', 'shop · postgres/database'],
      ['registry.example.com:5000/proxy/envoy', 'v1.36.2@sha256:abc123', 'shop · web/frontend'],
    ]);
  });

  test.each([
    ['docker.io/jenkins/jenkins:2.580.1-lts-jdk21', 'docker.io/jenkins/jenkins', '2.580.1-lts-jdk21'],
    ['registry:5000/app', 'registry:5000/app', '(none)'],
    ['app@sha256:00ff', 'app', 'sha256:00ff'],
  ])('splitImage(%s)', (image, repository, version) => expect(splitImage(image)).toEqual({ repository, version }));
});
