import { renderEnvironment } from '../../render';
import { flowsIn } from '../../constructs/common/wiring';
import { releasesIn, UPSTREAM_RELEASE_LABEL } from '../../constructs/upstream/upstream-release';
import { dev } from '../../stacks/dev';
import { buildPlatform } from '../../stacks/platform';
import { prod } from '../../stacks/prod';
import { EnvironmentConfig } from '../../stacks/types';
import { find, Obj } from '../support/harness';
import { objectsOf } from '../support/environments';
import { ENVIRONMENTS } from '../../stacks/environments';

/** Namespaced environments that expose Jenkins and Harbor through their address pool. */
const envs = ENVIRONMENTS.filter((e) => e.scope === 'namespaced' && e.ci.exposure.kind === 'addressPool' && e.registry.exposure.kind === 'addressPool').map(
  (e) => e.name,
);
const objectsIn = (r: ReturnType<typeof renderEnvironment>, chart?: string): Obj[] =>
  r.charts.filter((c) => chart === undefined || c.name === chart).flatMap((c) => [...c.objects] as Obj[]);

describe('platform services in the environments', () => {
  describe.each(envs)('%s', (env) => {
    test('installs Strimzi, the load balancer, metrics-server and the External Secrets Operator from pinned charts, before everything else', () => {
      const apps = objectsOf(env, 'operators');
      expect(apps.map((a) => a.metadata.labels[UPSTREAM_RELEASE_LABEL]).sort()).toEqual(['external-secrets', 'metrics-server', 'openelb', 'strimzi']);
      for (const a of apps) {
        expect(a.metadata.namespace).toBe('argocd');
        expect(Number(a.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(-5);
      }
    });

    test('has its own address pool, after the operators and before the custom resources', () => {
      const eip = find(objectsOf(env, 'network'), 'Eip', `${env}-pool`);
      expect(eip.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-5');
      expect(find(objectsOf(env, 'messaging'), 'Kafka', 'kafka').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    });

    test('Jenkins and Harbor take addresses from the pool', () => {
      const svc = find(objectsOf(env, 'ci'), 'Service', 'jenkins-external');
      expect(svc.spec.type).toBe('LoadBalancer');
      expect(svc.metadata.annotations['lb.kubesphere.io/v1alpha1']).toBe('openelb');
      const casc = find(objectsOf(env, 'ci'), 'ConfigMap', 'jenkins-casc').data['jenkins.yaml'];
      // Prod serves HTTPS on 443 from the controller itself; the other environments plain HTTP on 8080.
      expect(casc).toContain(env === 'prod' ? 'url: https://jenkins.platform.example.com/' : `url: http://jenkins.${env}.platform.example.com:8080/`);
      const harbor = find(objectsOf(env, 'registry'), 'Application', `${env}-registry-harbor`).spec.source.helm.valuesObject;
      expect(harbor.expose.type).toBe('loadBalancer');
      expect(harbor.expose.loadBalancer.annotations['lb.kubesphere.io/v1alpha1']).toBe('openelb');
    });

    test('Jenkins agents pull with the Harbor pull secret and pipelines push with a Harbor credential', () => {
      const casc = find(objectsOf(env, 'ci'), 'ConfigMap', 'jenkins-casc').data['jenkins.yaml'];
      expect(casc).toContain('id: harbor-push');
      expect(casc).toContain('username: robot$ci+jenkins');
      expect(find(objectsOf(env, 'ci'), 'Deployment', 'jenkins-swarm-agent').spec.template.spec.imagePullSecrets).toEqual([{ name: 'harbor-pull' }]);
    });

    test('Kafka has its topics and users', () => {
      const kinds = objectsOf(env, 'messaging').map((o) => `${o.kind}/${o.metadata.name}`);
      expect(kinds).toEqual(expect.arrayContaining(['KafkaTopic/build-events', 'KafkaTopic/deployments', 'KafkaUser/jenkins', 'KafkaUser/platform-reader']));
    });
  });

  test('operators: Kafka pods are restricted, OpenELB speaks layer 2 only where the pool uses it, metrics-server args add to the defaults', () => {
    const strimzi = find(objectsOf('prod', 'operators'), 'Application', 'strimzi-system-strimzi').spec.source.helm.valuesObject;
    expect(strimzi.extraEnvs).toEqual([{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }]);
    expect(strimzi.watchAnyNamespace).toBe(true);
    const speaker = (env: string) => find(objectsOf(env, 'operators'), 'Application', 'openelb-system-openelb').spec.source.helm.valuesObject.speaker;
    expect(speaker('dev')).toEqual({ layer2: true, vip: false });
    expect(speaker('prod')).toEqual({ layer2: false, vip: false });
    const openelb = find(objectsOf('prod', 'operators'), 'Application', 'openelb-system-openelb');
    expect(openelb.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(find(objectsOf('dev', 'operators'), 'Application', 'kube-system-metrics-server').spec.source.helm.valuesObject.args).toEqual([
      '--kubelet-insecure-tls',
    ]);
    expect(find(objectsOf('prod', 'operators'), 'Application', 'kube-system-metrics-server').spec.source.helm.valuesObject.podDisruptionBudget).toEqual({
      enabled: true,
      maxUnavailable: 1,
    });
  });

  test('dev: one dual-role Kafka node with replication factor 1, no Trivy, a single metrics-server', () => {
    const m = objectsOf('dev', 'messaging');
    expect(m.filter((o) => o.kind === 'KafkaNodePool').map((o) => [o.metadata.name, o.spec.replicas, o.spec.roles])).toEqual([
      ['dual-role', 1, ['controller', 'broker']],
    ]);
    expect(find(m, 'Kafka', 'kafka').spec.kafka.config['default.replication.factor']).toBe(1);
    expect(find(objectsOf('dev', 'registry'), 'Application', 'dev-registry-harbor').spec.source.helm.valuesObject.trivy.enabled).toBe(false);
    expect(find(objectsOf('dev', 'operators'), 'Application', 'kube-system-metrics-server').spec.source.helm.valuesObject.replicas).toBe(1);
  });

  test('prod: 3 controllers + 3 brokers on persistent JBOD, RF 3 / min ISR 2, external listener, HA Harbor on S3, BGP', () => {
    const m = objectsOf('prod', 'messaging');
    expect(m.filter((o) => o.kind === 'KafkaNodePool').map((o) => [o.metadata.name, o.spec.replicas])).toEqual([
      ['controller', 3],
      ['broker', 3],
    ]);
    const broker = find(m, 'KafkaNodePool', 'broker');
    expect(broker.spec.storage.volumes.map((v: Obj) => [v.size, v.deleteClaim])).toEqual([
      ['500Gi', false],
      ['500Gi', false],
    ]);
    const kafka = find(m, 'Kafka', 'kafka');
    expect(kafka.spec.kafka.config['default.replication.factor']).toBe(3);
    expect(kafka.spec.kafka.config['min.insync.replicas']).toBe(2);
    expect(kafka.spec.kafka.listeners.map((l: Obj) => l.name)).toEqual(['plain', 'tls', 'external']);
    const harbor = find(objectsOf('prod', 'registry'), 'Application', 'prod-registry-harbor').spec.source.helm.valuesObject;
    expect(harbor.core.replicas).toBe(2);
    expect(harbor.persistence.imageChartStorage.type).toBe('s3');
    expect(harbor.database.type).toBe('external');
    expect(harbor.expose.loadBalancer.annotations['eip.openelb.kubesphere.io/v1alpha1']).toBe('10.30.0.10');
    const network = objectsOf('prod', 'network')
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(network).toEqual(['BgpConf/default', 'BgpPeer/tor-a', 'BgpPeer/tor-b', 'Eip/prod-pool']);
  });

  test('the Pulumi program finds every upstream release on the tree, and each has a labelled Application', () => {
    const platform = buildPlatform(prod);
    const releases = releasesIn(platform.app)
      .map((r) => r.name)
      .sort();
    expect(releases).toEqual(['external-secrets', 'harbor', 'metrics-server', 'openelb', 'strimzi']);
    const labelled = platform.charts.flatMap((c) => c.toJson() as Obj[]).filter((o) => o.metadata.labels?.[UPSTREAM_RELEASE_LABEL]);
    expect(labelled.map((o) => o.metadata.labels[UPSTREAM_RELEASE_LABEL]).sort()).toEqual(releases);
  });

  test('the push and pull connections from Jenkins agents to Harbor are recorded', () => {
    const flows = flowsIn(buildPlatform(prod).app).filter((f) => f.purpose === 'jenkins pushes images');
    expect(flows.map((f) => [f.from.selector['app.kubernetes.io/component'], f.to, f.ports])).toEqual([
      ['swarm-agent', { kind: 'external', host: 'harbor.platform.example.com' }, [{ port: 443 }]],
      ['kubernetes-agent', { kind: 'external', host: 'harbor.platform.example.com' }, [{ port: 443 }]],
    ]);
  });

  test('charts come after the charts they depend on', () => {
    const names = buildPlatform(prod).charts.map((c) => c.node.id);
    expect(names.indexOf('operators')).toBeLessThan(names.indexOf('network'));
    expect(names.indexOf('network')).toBeLessThan(names.indexOf('registry'));
    expect(names.indexOf('network')).toBeLessThan(names.indexOf('messaging'));
  });

  test('registry and messaging can be switched off; Jenkins then has no registry wiring', () => {
    const r = renderEnvironment({ ...dev, registry: { ...dev.registry, enabled: false }, messaging: { ...dev.messaging, enabled: false } });
    expect(r.charts.map((c) => c.name)).not.toEqual(expect.arrayContaining(['registry', 'messaging']));
    expect(r.charts.map((c) => c.name)).toEqual(expect.arrayContaining(['operators', 'network', 'ci']));
    const casc = find(objectsIn(r, 'ci'), 'ConfigMap', 'jenkins-casc').data['jenkins.yaml'];
    expect(casc).not.toContain('harbor-push');
    expect(find(objectsIn(r, 'ci'), 'Deployment', 'jenkins-swarm-agent').spec.template.spec.imagePullSecrets).toBeUndefined();
  });

  describe('switching an environment to MetalLB is one field', () => {
    const metallbDev: EnvironmentConfig = { ...dev, loadBalancing: { ...dev.loadBalancing, backend: { kind: 'metallb' } } };
    const r = renderEnvironment(metallbDev);
    const all = objectsIn(r);

    test('the pool becomes an IPAddressPool + L2Advertisement in metallb-system, and the operator release follows', () => {
      expect(
        objectsIn(r, 'network')
          .map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)
          .sort(),
      ).toEqual(['IPAddressPool/metallb-system/dev-pool', 'L2Advertisement/metallb-system/dev-pool']);
      expect(find(objectsIn(r, 'network'), 'IPAddressPool', 'dev-pool').spec.addresses).toEqual(['10.20.0.40-10.20.0.59']);
      const releases = objectsIn(r, 'operators')
        .map((o) => o.metadata.labels[UPSTREAM_RELEASE_LABEL])
        .sort();
      expect(releases).toEqual(['external-secrets', 'metallb', 'metrics-server', 'strimzi']);
      expect(all.some((o) => o.kind === 'Eip')).toBe(false);
    });

    test('every LoadBalancer consumer now carries the MetalLB annotation and no OpenELB one', () => {
      expect(find(objectsIn(r, 'ci'), 'Service', 'jenkins-external').metadata.annotations).toEqual({ 'metallb.io/address-pool': 'dev-pool' });
      const harbor = find(objectsIn(r, 'registry'), 'Application', 'dev-registry-harbor').spec.source.helm.valuesObject;
      expect(harbor.expose.loadBalancer.annotations).toEqual({ 'metallb.io/address-pool': 'dev-pool' });
      expect(JSON.stringify(all)).not.toContain('kubesphere.io');
    });
  });
});
