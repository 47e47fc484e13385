import { JenkinsCluster, JenkinsClusterProps } from '../../constructs/jenkins/jenkins-cluster';
import { scope, variant } from '../support/harness';
import { JENKINS } from '../support/jenkins-fixture';

const build = (props: JenkinsClusterProps) => () => new JenkinsCluster(scope('prod'), 'ci', props);
const bad = (mutate: (d: any) => void) => build(variant(JENKINS, mutate));
const prefix = "jenkins 'test/ci' (prod): ";

describe('JenkinsCluster rejects bad input with the field and the value received', () => {
  test.each<[string, (d: any) => void, string]>([
    // Untyped props (JavaScript, a cast): a clear error instead of a TypeError on `undefined.heapPercent`.
    ['no controller', (d) => delete d.controller, 'controller must be set, with at least { storage, resources } (the controller has no default); got nothing'],
    [
      'a null controller',
      (d) => (d.controller = null),
      'controller must be set, with at least { storage, resources } (the controller has no default); got null',
    ],
    [
      'controller replicas other than 1',
      (d) => (d.controller.replicas = 3),
      'controller.replicas must be 1 (Jenkins has a single writer on JENKINS_HOME; scale builds with agents); got 3',
    ],
    [
      'an autoscaler on the controller',
      (d) => (d.controller.autoscaling = { minReplicas: 1, maxReplicas: 3 }),
      'controller.autoscaling must not be set (an autoscaler would start a second writer on JENKINS_HOME; scale builds with agents); got {"minReplicas":1,"maxReplicas":3}',
    ],
    ['agent HPA min > max', (d) => (d.agents.autoscaling.minReplicas = 6), 'agents.autoscaling.minReplicas must not exceed maxReplicas (5); got 6'],
    ['negative HPA max', (d) => (d.agents.autoscaling.maxReplicas = -2), 'agents.autoscaling.maxReplicas must be a whole number between 1 and 1000; got -2'],
    ['zero HPA min', (d) => (d.agents.autoscaling.minReplicas = 0), 'agents.autoscaling.minReplicas must be a whole number between 1 and 1000; got 0'],
    [
      'CPU target over 100%',
      (d) => (d.agents.autoscaling.cpuUtilization = 150),
      'agents.autoscaling.cpuUtilization must be a whole number between 1 and 100; got 150',
    ],
    [
      'an invalid storage size',
      (d) => (d.controller.storage.size = '20GB'),
      'controller.storage.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "20GB"',
    ],
    [
      'a negative storage size',
      (d) => (d.controller.storage.size = '-5Gi'),
      'controller.storage.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "-5Gi"',
    ],
    [
      'an invalid storage class',
      (d) => (d.controller.storage.storageClass = 'Fast_SSD'),
      'controller.storage.storageClass must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Fast_SSD"',
    ],
    [
      'an unknown access mode',
      (d) => (d.controller.storage.accessMode = 'ReadWriteSometimes'),
      'controller.storage.accessMode must be one of ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany; got "ReadWriteSometimes"',
    ],
    [
      'an unknown volume lifetime',
      (d) => (d.controller.storage.lifetime = 'forever'),
      `controller.storage.lifetime must be 'persistent' or 'ephemeral'; got "forever"`,
    ],
    [
      'a StorageClass on an ephemeral volume',
      (d) => (d.controller.storage = { size: '4Gi', lifetime: 'ephemeral', storageClass: 'fast' }),
      'controller.storage.storageClass must be unset for an ephemeral volume (an emptyDir has no StorageClass); got "fast"',
    ],
    [
      'an access mode on an ephemeral volume',
      (d) => (d.controller.storage = { size: '4Gi', lifetime: 'ephemeral', accessMode: 'ReadWriteOnce' }),
      'controller.storage.accessMode must be unset for an ephemeral volume (an emptyDir has no access mode); got "ReadWriteOnce"',
    ],
    [
      'an invalid memory quantity',
      (d) => (d.controller.resources.limits.memory = '4 gigs'),
      'controller.resources.limits.memory must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "4 gigs"',
    ],
    [
      'a negative CPU request',
      (d) => (d.controller.resources.requests.cpu = '-1'),
      'controller.resources.requests.cpu must be a positive CPU quantity, such as 250m, 0.5 or 2; got "-1"',
    ],
    [
      'a memory limit too small for a heap',
      (d) => (d.controller.resources = { requests: { cpu: '1', memory: '512Mi' }, limits: { memory: '768Mi' } }),
      'controller.resources.limits.memory must leave a heap of at least 512Mi at heapPercent 50 (that limit gives 384Mi); got "768Mi"',
    ],
    ['heapPercent out of range', (d) => (d.controller.heapPercent = 95), 'controller.heapPercent must be a whole number between 25 and 80; got 95'],
    [
      'a "latest" image',
      (d) => (d.controller.image = { repository: 'jenkins/jenkins', tag: 'latest' }),
      'controller.image.tag must be pinned to a released version, not "latest"; got "latest"',
    ],
    ['a relative URL', (d) => (d.url = 'jenkins.example.com'), 'url must be an absolute http(s) URL; got "jenkins.example.com"'],
    ['a missing admin password reference', (d) => delete d.admin.password, 'admin.password must reference a Secret key ({ name, key }); got nothing'],
    [
      'an invalid Secret name',
      (d) => (d.agents.password.name = 'Swarm_Secret'),
      'agents.password.name must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Swarm_Secret"',
    ],
    [
      'an unpinned plugin',
      (d) => (d.plugins = { kind: 'install', plugins: [{ id: 'configuration-as-code', version: 'latest' }] }),
      'plugins.plugins[0].version must pin a released version (not "latest" or "experimental"); got "latest"',
    ],
    [
      'a plugin listed twice',
      (d) =>
        (d.plugins = {
          kind: 'install',
          plugins: [
            { id: 'git', version: '1' },
            { id: 'git', version: '2' },
          ],
        }),
      'plugins.plugins[1].id must not be listed twice; got "git"',
    ],
    [
      'a missing required plugin',
      (d) =>
        (d.plugins = {
          kind: 'install',
          plugins: [
            { id: 'configuration-as-code', version: '1' },
            { id: 'swarm', version: '3' },
          ],
        }),
      'plugins.plugins must include the "kubernetes" plugin, which this configuration uses; got ["configuration-as-code","swarm"]',
    ],
    // Templates are keyed by name, so two cannot share one; the key still has to be a Kubernetes name.
    [
      'a pod template key that is not a DNS label',
      (d) => (d.kubernetesCloud.templates.Large = d.kubernetesCloud.templates.default),
      `kubernetesCloud.templates.Large must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric); got "Large"`,
    ],
    ['no pod templates', (d) => (d.kubernetesCloud.templates = {}), 'kubernetesCloud.templates must hold at least one pod template; got {}'],
    [
      'pod templates as a list (the shape before templates were keyed by name)',
      (d) => (d.kubernetesCloud.templates = [{ name: 'default', ...d.kubernetesCloud.templates.default }]),
      'kubernetesCloud.templates must be an object keyed by template name, such as { default: { labels, resources } }; got [{"name":"default","labels":["k8s"],"resources":{"requests":{"cpu":"250m","memory":"512Mi"},"limits":{"cpu":"1","memory":"1Gi"}}}]',
    ],
    [
      'a label with a space',
      (d) => (d.agents.labels = ['linux amd64']),
      'agents.labels[0] must be a Jenkins label without spaces or operators; got "linux amd64"',
    ],
    ['zero executors', (d) => (d.agents.executors = 0), 'agents.executors must be a whole number between 1 and 64; got 0'],
    ['an agent port clash', (d) => (d.agentPort = 8080), 'agentPort must differ from the HTTP port 8080; got 8080'],
    [
      'everyone an administrator with Swarm agents',
      (d) => (d.authorization = { kind: 'loggedInUsersCanDoAnything' }),
      'authorization.kind must be \'globalMatrix\' with Swarm agents (their user would be an administrator, and every build runs next to its password); got "loggedInUsersCanDoAnything"',
    ],
    [
      'a permission matrix-auth does not know',
      (d) => (d.authorization = { kind: 'globalMatrix', entries: [{ type: 'group', name: 'devs', permissions: ['Agent/Launch'] }] }),
      'authorization.entries[0].permissions[0] must be a matrix-auth permission id such as Overall/Read or Job/Build; got "Agent/Launch"',
    ],
    [
      'administration for every logged-in user with Swarm agents',
      (d) =>
        (d.authorization = { kind: 'globalMatrix', entries: [{ type: 'group', name: 'authenticated', permissions: ['Overall/Read', 'Overall/Administer'] }] }),
      'authorization.entries[0].permissions must not grant Overall/Administer to \'authenticated\' with Swarm agents (their user is a member); got ["Overall/Read","Overall/Administer"]',
    ],
    [
      'a duplicate credential id',
      (d) =>
        (d.credentials = [
          { kind: 'secretText', id: 'a', secret: { name: 's', key: 'k' } },
          { kind: 'secretText', id: 'a', secret: { name: 's', key: 'k' } },
        ]),
      'credentials[1].id must be unique among credentials; got "a"',
    ],
    [
      'identical liveness and readiness',
      (d) => (d.controller.probes = { startup: p(1), liveness: p(2), readiness: p(2) }),
      'controller.probes.liveness must differ from the readiness probe (liveness restarts the container, readiness only takes it out of rotation); got {"action":{"kind":"tcp","port":"http"},"periodSeconds":2,"timeoutSeconds":1,"failureThreshold":3}',
    ],
    [
      'an invalid ingress host',
      (d) => (d.exposure = { kind: 'ingress', host: 'Jenkins.Example.com' }),
      'exposure.host must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Jenkins.Example.com"',
    ],
  ])('%s', (_name, mutate, message) => {
    expect(bad(mutate)).toThrow(prefix + message);
  });

  test('a construct id that cannot name resources', () => {
    expect(() => new JenkinsCluster(scope('prod'), 'CI_Jenkins', JENKINS)).toThrow(
      "jenkins 'test/CI_Jenkins' (prod): id must be a DNS-1123 label (lower-case letters, digits and '-', at most 40 characters, starting and ending alphanumeric); got \"CI_Jenkins\"",
    );
  });
});

function p(period: number) {
  return { action: { kind: 'tcp' as const, port: 'http' }, periodSeconds: period, timeoutSeconds: 1, failureThreshold: 3 };
}
