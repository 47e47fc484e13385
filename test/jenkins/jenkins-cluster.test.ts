import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { flowsIn } from '../../constructs/common/wiring';
import { JenkinsCluster } from '../../constructs/jenkins/jenkins-cluster';
import { DEFAULT_PLUGINS, renderPluginsTxt } from '../../constructs/jenkins/plugins';
import { containerOf, find, kinds, synthesize, variant } from '../support/harness';
import { JENKINS } from '../support/jenkins-fixture';

const objects = synthesize((c) => new JenkinsCluster(c, 'ci', JENKINS));
const sts = find(objects, 'StatefulSet', 'ci');
const controller = containerOf(sts, 'jenkins');
const casc = parse(find(objects, 'ConfigMap', 'ci-casc').data['jenkins.yaml']);

describe('JenkinsCluster: controller', () => {
  test('is a single-replica StatefulSet whose JENKINS_HOME claim survives deletion and scale-down', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    const [claim] = sts.spec.volumeClaimTemplates;
    expect(claim.metadata.name).toBe('jenkins-home');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'fast' });
    expect(controller.volumeMounts).toContainEqual({ name: 'jenkins-home', mountPath: '/var/jenkins_home' });
  });

  test('is protected from Argo CD prune and deletion', () => {
    expect(sts.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('has three distinct probes on the login page', () => {
    const { startupProbe: s, livenessProbe: l, readinessProbe: r } = controller;
    for (const p of [s, l, r]) expect(p.httpGet).toEqual({ path: '/login', port: 'http', scheme: 'HTTP' });
    // Startup allows a long first boot; liveness is patient; readiness reacts fast.
    expect(s.periodSeconds * s.failureThreshold).toBeGreaterThanOrEqual(600);
    expect(l.periodSeconds * l.failureThreshold).toBeGreaterThan(r.periodSeconds * r.failureThreshold);
    expect(new Set([s, l, r].map((p) => JSON.stringify(p))).size).toBe(3);
  });

  test('sizes the JVM heap from the memory limit (50% of 4Gi)', () => {
    const javaOpts = controller.env.find((e: any) => e.name === 'JAVA_OPTS').value;
    expect(javaOpts).toContain('-Xms2048m -Xmx2048m');
    expect(javaOpts).toContain('-Djenkins.install.runSetupWizard=false');
  });

  test('heapPercent changes the heap', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.controller.heapPercent = 75)),
        ),
    );
    expect(containerOf(find(o, 'StatefulSet', 'ci'), 'jenkins').env.find((e: any) => e.name === 'JAVA_OPTS').value).toContain('-Xmx3072m');
  });

  test('runs restricted: non-root, read-only root filesystem with explicit writable volumes', () => {
    expect(sts.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(controller.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const paths = controller.volumeMounts.map((m: any) => m.mountPath);
    expect(paths).toEqual(expect.arrayContaining(['/tmp', '/var/jenkins_cache', '/var/jenkins_home/plugins']));
    expect(controller.env).toContainEqual({ name: 'JENKINS_OPTS', value: '--webroot=/var/jenkins_cache/war --httpPort=8080' });
  });

  test('installs the pinned plugins at start with jenkins-plugin-cli', () => {
    expect(find(objects, 'ConfigMap', 'ci-plugins').data['plugins.txt']).toBe(renderPluginsTxt(DEFAULT_PLUGINS));
    const init = sts.spec.template.spec.initContainers[0];
    expect(init.command).toEqual(['jenkins-plugin-cli']);
    expect(init.args.join(' ')).toContain('--plugin-file /var/jenkins_plugins_txt/plugins.txt --plugin-download-directory /var/jenkins_plugins --latest false');
  });

  test('a baked image replaces the installer', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.plugins = { kind: 'baked', image: { repository: 'registry.example.com/jenkins', tag: '2.580.1-custom.3' } })),
        ),
    );
    const s = find(o, 'StatefulSet', 'ci');
    expect(s.spec.template.spec.initContainers).toBeUndefined();
    expect(containerOf(s, 'jenkins').image).toBe('registry.example.com/jenkins:2.580.1-custom.3');
    expect(kinds(o)).not.toContain('ConfigMap/ci-plugins');
  });

  test('rolls the pod when JCasC changes (checksum annotation)', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.systemMessage = 'other')),
        ),
    );
    const a = sts.spec.template.metadata.annotations['keelson.io/config-checksum'];
    const b = find(o, 'StatefulSet', 'ci').spec.template.metadata.annotations['keelson.io/config-checksum'];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
  });

  test('Services for HTTP, the inbound agent listener (50000) and the StatefulSet', () => {
    expect(find(objects, 'Service', 'ci').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(find(objects, 'Service', 'ci-inbound').spec.ports[0]).toMatchObject({ port: 50000, targetPort: 'agent-listener' });
    expect(find(objects, 'Service', 'ci-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe('ci-headless');
  });

  test('WebSocket agents need no inbound listener', () => {
    const o = synthesize((c) => new JenkinsCluster(c, 'ci', { ...JENKINS, agentTransport: 'websocket' }));
    expect(kinds(o)).not.toContain('Service/ci-inbound');
    const cfg = parse(find(o, 'ConfigMap', 'ci-casc').data['jenkins.yaml']);
    expect(cfg.jenkins.slaveAgentPort).toBe(-1);
    expect(cfg.jenkins.clouds[0].kubernetes.webSocket).toBe(true);
    expect(cfg.jenkins.clouds[0].kubernetes.jenkinsTunnel).toBeUndefined();
    expect(containerOf(find(o, 'Deployment', 'ci-swarm-agent'), 'swarm-agent').args[0]).toContain('-webSocket');
  });
});

describe('JenkinsCluster: configuration as code', () => {
  test('local realm with admin and agent users from Secret-backed variables, no literal secrets', () => {
    expect(casc.jenkins.securityRealm.local.users).toEqual([
      { id: '${JENKINS_ADMIN_ID}', password: '${JENKINS_ADMIN_PASSWORD}' },
      { id: '${SWARM_AGENT_ID}', password: '${SWARM_AGENT_PASSWORD}' },
    ]);
    expect(controller.env).toContainEqual({ name: 'JENKINS_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'jenkins-admin', key: 'password' } } });
    expect(controller.env).toContainEqual({ name: 'SWARM_AGENT_PASSWORD', valueFrom: { secretKeyRef: { name: 'swarm', key: 'token' } } });
  });

  test('the controller runs no builds', () => {
    expect(casc.jenkins.numExecutors).toBe(0);
    expect(casc.jenkins).not.toHaveProperty('crumbIssuer');
  });

  test('Kubernetes cloud with restricted pod templates and resources', () => {
    const cloud = casc.jenkins.clouds[0].kubernetes;
    expect(cloud).toMatchObject({ name: 'kubernetes', jenkinsUrl: 'http://ci:8080', jenkinsTunnel: 'ci-inbound:50000', containerCapStr: '10' });
    expect(cloud.namespace).toBeUndefined();
    const [t] = cloud.templates;
    expect(t).toMatchObject({ name: 'default', label: 'k8s', serviceAccount: 'ci-agent', instanceCap: 10 });
    expect(t.containers[0]).toMatchObject({
      name: 'jnlp',
      resourceRequestCpu: '250m',
      resourceRequestMemory: '512Mi',
      resourceLimitCpu: '1',
      resourceLimitMemory: '1Gi',
    });
    const pod = parse(t.yaml);
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  test('credentials reference Secrets; literal ${ is escaped', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(c, 'ci', {
          ...JENKINS,
          systemMessage: 'cost: ${cents}',
          credentials: [
            { kind: 'usernamePassword', id: 'harbor-push', username: 'robot$ci', password: { name: 'harbor-robot', key: 'secret' } },
            { kind: 'secretText', id: 'sonar', secret: { name: 'sonar', key: 'token' } },
          ],
        }),
    );
    const doc = parse(find(o, 'ConfigMap', 'ci-casc').data['jenkins.yaml']);
    expect(doc.jenkins.systemMessage).toBe('cost: ^${cents}');
    expect(doc.credentials.system.domainCredentials[0].credentials).toEqual([
      {
        usernamePassword: { scope: 'GLOBAL', id: 'harbor-push', description: 'harbor-push', username: 'robot$ci', password: '${CASC_CREDENTIAL_HARBOR_PUSH}' },
      },
      { string: { scope: 'GLOBAL', id: 'sonar', description: 'sonar', secret: '${CASC_CREDENTIAL_SONAR}' } },
    ]);
    const env = containerOf(find(o, 'StatefulSet', 'ci'), 'jenkins').env;
    expect(env).toContainEqual({ name: 'CASC_CREDENTIAL_HARBOR_PUSH', valueFrom: { secretKeyRef: { name: 'harbor-robot', key: 'secret' } } });
  });

  test('global matrix authorization (matrix-auth 3.x entries)', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(c, 'ci', {
          ...JENKINS,
          authorization: {
            kind: 'globalMatrix',
            entries: [
              { type: 'user', name: 'admin', permissions: ['Overall/Administer'] },
              { type: 'group', name: 'authenticated', permissions: ['Overall/Read'] },
            ],
          },
        }),
    );
    const doc = parse(find(o, 'ConfigMap', 'ci-casc').data['jenkins.yaml']);
    expect(doc.jenkins.authorizationStrategy).toEqual({
      globalMatrix: {
        entries: [{ user: { name: 'admin', permissions: ['Overall/Administer'] } }, { group: { name: 'authenticated', permissions: ['Overall/Read'] } }],
      },
    });
  });
});

describe('JenkinsCluster: agent pool', () => {
  const deployment = find(objects, 'Deployment', 'ci-swarm-agent');
  const agent = containerOf(deployment, 'swarm-agent');
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'ci-swarm-agent');

  test('an HPA scales the Swarm agents on CPU and memory between min and max', () => {
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ci-swarm-agent' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([1, 5]);
    expect(hpa.spec.metrics.map((m: any) => `${m.resource.name}=${m.resource.target.averageUtilization}`)).toEqual(['cpu=60', 'memory=75']);
    expect(deployment.spec.replicas).toBe(1);
  });

  test('agents register with the controller via the Swarm client fetched from it', () => {
    const script = agent.args[0];
    expect(script).toContain('"$JENKINS_URL/swarm/swarm-client.jar"');
    expect(script).toContain('-tunnel ci-inbound:50000');
    expect(script).toContain("-labels 'swarm linux'");
    expect(script).toContain('-passwordEnvVariable SWARM_PASSWORD');
    expect(agent.env).toContainEqual({ name: 'JENKINS_URL', value: 'http://ci:8080' });
    expect(agent.env).toContainEqual({ name: 'SWARM_PASSWORD', valueFrom: { secretKeyRef: { name: 'swarm', key: 'token' } } });
  });

  test('agents have distinct probes on the Swarm metrics port and no API token', () => {
    expect(agent.livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
    expect(agent.readinessProbe.httpGet).toMatchObject({ path: '/prometheus', port: 'metrics' });
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('no PDB or NetworkPolicy unless asked for', () => {
    expect(kinds(objects).filter((k) => k.startsWith('PodDisruptionBudget') || k.startsWith('NetworkPolicy'))).toEqual([]);
  });

  test('optional PDB lets one agent go at a time', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.agents.disruptionBudget = true)),
        ),
    );
    expect(find(o, 'PodDisruptionBudget', 'ci-swarm-agent').spec).toMatchObject({
      maxUnavailable: 1,
      selector: { matchLabels: deployment.spec.selector.matchLabels },
    });
  });
});

describe('JenkinsCluster: RBAC, exposure, network policy', () => {
  test('least-privilege Role for the Kubernetes cloud, bound to the controller account', () => {
    const role = find(objects, 'Role', 'ci');
    expect(role.rules.flatMap((r: any) => r.resources)).toEqual(['pods', 'pods/exec', 'pods/log', 'events']);
    expect(JSON.stringify(role.rules)).not.toContain('*');
    expect(JSON.stringify(role.rules)).not.toContain('secrets');
    expect(find(objects, 'RoleBinding', 'ci')).toMatchObject({ roleRef: { kind: 'Role', name: 'ci' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] });
    expect(sts.spec.template.spec.serviceAccountName).toBe('ci');
  });

  test('LoadBalancer exposure carries arbitrary annotations (for OpenELB/MetalLB)', () => {
    const o = synthesize(
      (c) => new JenkinsCluster(c, 'ci', { ...JENKINS, exposure: { kind: 'loadBalancer', annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' } } }),
    );
    const svc = find(o, 'Service', 'ci-external');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.metadata.annotations).toEqual({ 'lb.kubesphere.io/v1alpha1': 'openelb' });
    expect(svc.spec.selector).toEqual(sts.spec.selector.matchLabels);
  });

  test('Ingress exposure with TLS', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(c, 'ci', {
          ...JENKINS,
          exposure: { kind: 'ingress', host: 'jenkins.example.com', tlsSecretName: 'jenkins-tls', ingressClassName: 'nginx' },
        }),
    );
    const ing = find(o, 'Ingress', 'ci');
    expect(ing.spec.tls).toEqual([{ hosts: ['jenkins.example.com'], secretName: 'jenkins-tls' }]);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'ci', port: { number: 8080 } } });
  });

  test('network policies: HTTP from anywhere, agent listener only from agents, agents unreachable', () => {
    const o = synthesize((c) => new JenkinsCluster(c, 'ci', { ...JENKINS, networkPolicy: true }));
    const np = find(o, 'NetworkPolicy', 'ci-controller');
    expect(np.spec.ingress[0]).toEqual({ ports: [{ port: 'http', protocol: 'TCP' }] });
    expect(np.spec.ingress[1].ports).toEqual([{ port: 'agent-listener', protocol: 'TCP' }]);
    expect(np.spec.ingress[1].from.map((p: any) => p.podSelector.matchLabels['app.kubernetes.io/component'])).toEqual(['swarm-agent', 'kubernetes-agent']);
    for (const name of ['ci-swarm-agent', 'ci-kubernetes-agent']) {
      const p = find(o, 'NetworkPolicy', name);
      expect(p.spec.policyTypes).toEqual(['Ingress']);
      expect(p.spec.ingress).toBeUndefined();
      expect(p.spec.podSelector.matchLabels['app.kubernetes.io/component']).not.toBe('controller');
    }
  });
});

describe('JenkinsCluster: wiring', () => {
  test('records agent → controller flows for network policies and diagrams', () => {
    const app = new App();
    const chart = new Chart(app, 'ci');
    const j = new JenkinsCluster(chart, 'jenkins', JENKINS);
    const flows = flowsIn(app);
    expect(
      flows.map((f) => [f.from.selector['app.kubernetes.io/component'], f.to.kind === 'pods' ? f.to.selector : f.to.host, f.ports.map((p) => p.port)]),
    ).toEqual([
      ['swarm-agent', j.controller.selector, [8080, 50000]],
      ['swarm-agent', 'source control and package registries', [22, 80, 443]],
      ['kubernetes-agent', j.controller.selector, [8080, 50000]],
      ['kubernetes-agent', 'source control and package registries', [22, 80, 443]],
      ['controller', 'source control and updates.jenkins.io', [22, 443]],
      ['controller', 'kubernetes.default.svc', [443, 6443]],
    ]);
  });

  test('ephemeral storage: JENKINS_HOME is a bounded emptyDir, with no claim and no data protection', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.controller.storage = { size: '4Gi', lifetime: 'ephemeral' })),
        ),
    );
    const sts = find(o, 'StatefulSet', 'ci');
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toBeUndefined();
    expect(sts.metadata.annotations).toBeUndefined();
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'jenkins-home', emptyDir: { sizeLimit: '4Gi' } });
    expect(containerOf(sts, 'jenkins').volumeMounts).toContainEqual({ name: 'jenkins-home', mountPath: '/var/jenkins_home' });
  });

  test('a fixed-size agent pool (min = max) has no HorizontalPodAutoscaler', () => {
    const o = synthesize(
      (c) =>
        new JenkinsCluster(
          c,
          'ci',
          variant(JENKINS, (d) => (d.agents.autoscaling = { minReplicas: 1, maxReplicas: 1 })),
        ),
    );
    expect(o.filter((x) => x.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(o, 'Deployment', 'ci-swarm-agent').spec.replicas).toBe(1);
  });
});
