import * as fs from 'node:fs';
import { ManifestObject } from '../../charts/keelson-chart';
import { EnvironmentUnderTest, validateRendered } from '../../cli/validation/engine';
import { POLICY_EXCEPTIONS } from '../../cli/validation/policy/exceptions';
import { RULES } from '../../cli/validation/policy/rules';
import { ENVIRONMENTS } from '../../stacks/environments';
import { deployment, environmentOf } from '../support/bad-objects';
import { renderedEnvironments } from '../support/environments';

const C = 'spec.template.spec.containers[0]';
const POD = 'spec.template.spec';
const under = (objects: ManifestObject[], facts: Partial<EnvironmentUnderTest> = {}): EnvironmentUnderTest => ({
  rendered: environmentOf(objects),
  production: true,
  networkIsolation: false,
  ...facts,
});
const hpa = (max: number): ManifestObject =>
  ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'prod-app' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: max },
  }) as ManifestObject;
const pdb: ManifestObject = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'prod-app' },
  spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
} as ManifestObject;
const spread = (d: any) =>
  (d.spec.template.spec.topologySpreadConstraints = [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    },
  ]);
const namespace = (name: string): ManifestObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) as ManifestObject;
const pvc = (annotations?: Record<string, string>): ManifestObject =>
  ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'prod-app', annotations },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  }) as ManifestObject;

/** For every rule: a bad fixture, and the field and message it must report. */
const CASES: [rule: string, env: EnvironmentUnderTest, field: string, message: string][] = [
  [
    'pss-run-as-non-root',
    under([
      deployment((d) => (delete d.spec.template.spec.securityContext.runAsNonRoot, delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot)),
    ]),
    `${C}.securityContext.runAsNonRoot`,
    'must be true (on the container or the pod); got unset',
  ],
  [
    'pss-run-as-non-root',
    under([deployment((d) => (d.spec.template.spec.containers[0].securityContext.runAsUser = 0))]),
    `${C}.securityContext.runAsUser`,
    'must not be 0 (root); got 0',
  ],
  [
    'pss-no-privilege-escalation',
    under([deployment((d) => delete d.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation)]),
    `${C}.securityContext.allowPrivilegeEscalation`,
    'must be false; got unset',
  ],
  [
    'pss-no-privilege-escalation',
    under([deployment((d) => (d.spec.template.spec.containers[0].securityContext.privileged = true))]),
    `${C}.securityContext.privileged`,
    'must not be true; got true',
  ],
  [
    'pss-drop-all-capabilities',
    under([deployment((d) => (d.spec.template.spec.containers[0].securityContext.capabilities = { drop: ['NET_RAW'] }))]),
    `${C}.securityContext.capabilities.drop`,
    'must include "ALL"; got ["NET_RAW"]',
  ],
  [
    'pss-drop-all-capabilities',
    under([deployment((d) => (d.spec.template.spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN']))]),
    `${C}.securityContext.capabilities.add`,
    'may only add NET_BIND_SERVICE; got ["SYS_ADMIN"]',
  ],
  [
    'pss-seccomp',
    under([deployment((d) => (d.spec.template.spec.securityContext.seccompProfile.type = 'Unconfined'))]),
    `${C}.securityContext.seccompProfile.type`,
    'must be RuntimeDefault or Localhost (on the container or the pod); got "Unconfined"',
  ],
  [
    'read-only-root-filesystem',
    under([deployment((d) => (d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false))]),
    `${C}.securityContext.readOnlyRootFilesystem`,
    'must be true; got false',
  ],
  [
    'resource-requests',
    under([deployment((d) => delete d.spec.template.spec.containers[0].resources.requests.cpu)]),
    `${C}.resources.requests.cpu`,
    'must be set; got unset',
  ],
  [
    'memory-limit',
    under([deployment((d) => (d.spec.template.spec.containers[0].resources.limits = { cpu: '1' }))]),
    `${C}.resources.limits.memory`,
    'must be set; got unset',
  ],
  ['distinct-probes', under([deployment((d) => delete d.spec.template.spec.containers[0].readinessProbe)]), `${C}.readinessProbe`, 'must be set; got unset'],
  [
    'distinct-probes',
    under([deployment((d) => (d.spec.template.spec.containers[0].readinessProbe = d.spec.template.spec.containers[0].livenessProbe))]),
    `${C}.livenessProbe`,
    'must differ from the readiness probe; both are {"tcpSocket":{"port":"http"},"periodSeconds":20}',
  ],
  [
    'pinned-image',
    under([deployment((d) => (d.spec.template.spec.containers[0].image = 'nginx:latest'))]),
    `${C}.image`,
    'must name a pinned tag or digest, not "latest" or none; got "nginx:latest"',
  ],
  [
    'pinned-image',
    under([deployment((d) => (d.spec.template.spec.containers[0].image = 'registry:5000/nginx'))]),
    `${C}.image`,
    'must name a pinned tag or digest, not "latest" or none; got "registry:5000/nginx"',
  ],
  [
    'no-secret-data',
    under([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod-app' }, data: { password: 'aHVudGVyMg==' } } as ManifestObject]),
    'data',
    'a Secret must not be committed; got a Secret object',
  ],
  [
    'no-secret-data',
    under([deployment((d) => (d.spec.template.spec.containers[0].env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]))]),
    `${C}.env[0].value`,
    'DB_PASSWORD must come from a Secret (valueFrom.secretKeyRef), not a literal value',
  ],
  [
    'no-wildcard-rbac',
    under([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r', namespace: 'prod-app' },
        rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }],
      } as ManifestObject,
    ]),
    'rules[0].resources',
    'must not contain "*"; got ["*"]',
  ],
  [
    'no-cluster-admin',
    under([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'b' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [],
      } as ManifestObject,
    ]),
    'roleRef.name',
    'must not be "cluster-admin"; got "cluster-admin"',
  ],
  [
    'no-host-path',
    under([deployment((d) => (d.spec.template.spec.volumes[0] = { name: 'tmp', hostPath: { path: '/var/run' } }))]),
    `${POD}.volumes[0].hostPath`,
    'must not be used; got {"path":"/var/run"}',
  ],
  ['no-host-namespaces', under([deployment((d) => (d.spec.template.spec.hostNetwork = true))]), `${POD}.hostNetwork`, 'must not be true; got true'],
  [
    'no-host-port',
    under([deployment((d) => (d.spec.template.spec.containers[0].ports[0].hostPort = 80))]),
    `${C}.ports[0].hostPort`,
    'must not be set; got 80',
  ],
  [
    'service-account-token',
    under([deployment((d) => delete d.spec.template.spec.automountServiceAccountToken)]),
    `${POD}.automountServiceAccountToken`,
    'must be false (ServiceAccount "default" does not disable it); got unset',
  ],
  [
    'prod-disruption-budget',
    under([deployment((d) => (spread(d), (d.spec.replicas = 3)))]),
    'metadata.name',
    'runs up to 3 replicas but no PodDisruptionBudget selects its pods',
  ],
  [
    'prod-disruption-budget',
    under([deployment((d) => (spread(d), delete d.spec.replicas)), hpa(4)]),
    'metadata.name',
    'runs up to 4 replicas but no PodDisruptionBudget selects its pods',
  ],
  // The HPA controller writes the target's scale subresource (spec.replicas); Argo CD self-heal and
  // pulumi up then re-apply the declared count (Kubernetes HPA docs, "Migrating Deployments and
  // StatefulSets to horizontal autoscaling": remove spec.replicas from the manifests).
  [
    'prod-https',
    under([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web-external', namespace: 'prod-app' },
        spec: { type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
      } as ManifestObject,
    ]),
    'spec.ports[0]',
    'must serve HTTPS to users (name or appProtocol https); got {"name":"http","port":8080}',
  ],
  [
    'prod-https',
    under([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'prod-app' },
        spec: {
          rules: [
            { host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } },
          ],
        },
      } as ManifestObject,
    ]),
    'spec.rules[0].host',
    'must be listed under spec.tls (HTTPS); got "web.example.com"',
  ],
  [
    'hpa-owns-replicas',
    under([deployment((d) => (spread(d), (d.spec.replicas = 2))), hpa(4), pdb]),
    'spec.replicas',
    'must be unset: HorizontalPodAutoscaler "web" scales it; got 2',
  ],
  [
    'prod-spread',
    under([deployment((d) => (d.spec.replicas = 2)), pdb]),
    `${POD}.topologySpreadConstraints`,
    'must spread the 2 replicas (topology spread or pod anti-affinity selecting its pods); got none',
  ],
  ['data-protection', under([pvc()]), 'metadata.annotations["argocd.argoproj.io/sync-options"]', 'must include Prune=false and Delete=false; got unset'],
  [
    'data-protection',
    under([pvc({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' })]),
    'metadata.annotations["keelson.io/holds-data"]',
    'must be "true"; got unset',
  ],
  [
    'data-protection',
    under([
      {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaNodePool',
        metadata: {
          name: 'brokers',
          namespace: 'prod-app',
          annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'keelson.io/holds-data': 'true' },
        },
        spec: { replicas: 3, roles: ['broker'], storage: { type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '100Gi', deleteClaim: true }] } },
      } as ManifestObject,
    ]),
    'spec.storage.volumes[0].deleteClaim',
    'must not be true; got true',
  ],
  [
    'data-protection',
    under([deployment((d) => (d.metadata.annotations = { 'keelson.io/holds-data': 'true' }))]),
    'metadata.annotations["argocd.argoproj.io/sync-options"]',
    'must include Prune=false and Delete=false; got unset',
  ],
  [
    'namespace-default-deny',
    under([namespace('prod-app')], { networkIsolation: true }),
    'metadata.name',
    'namespace "prod-app" must have a default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules); got none',
  ],
];

describe('policy rules', () => {
  test('every rule has an id, a rationale, a fix and at least one bad fixture below', () => {
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.rationale.length).toBeGreaterThan(40);
      expect(r.fix.length).toBeGreaterThan(10);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect([...new Set(CASES.map(([rule]) => rule))].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test('the README documents every rule', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    // A table row whose first cell is the rule id (cells may be padded).
    for (const r of RULES) expect(readme).toMatch(new RegExp(`^\\| +\`${r.id}\` +\\|`, 'm'));
  });

  test('the good fixture passes every rule, in production and with isolation on', () => {
    expect(validateRendered([under([deployment()], { networkIsolation: true })]).violations).toEqual([]);
  });

  test.each(CASES)('%s fires on a bad fixture', (rule, env, field, message) => {
    const r = validateRendered([env]);
    expect(r.violations).toContainEqual({ rule, object: expect.stringMatching(/^prod\/app /), field, message, fix: RULES.find((x) => x.id === rule)!.fix });
    // Only the rule under test fires: each fixture breaks one thing.
    expect(r.violations.map((v) => v.rule)).toEqual(r.violations.map(() => rule));
  });

  test('high-availability rules apply only to production', () => {
    expect(validateRendered([under([deployment((d) => (d.spec.replicas = 3))], { production: false })]).violations).toEqual([]);
  });

  test('an HTTPS load balancer port passes prod-https; a TCP port that is not HTTP is not its business', () => {
    const lb = (ports: unknown[]): ManifestObject =>
      ({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web-external', namespace: 'prod-app' },
        spec: { type: 'LoadBalancer', ports },
      }) as ManifestObject;
    const https = lb([{ name: 'https', port: 443, targetPort: 'https', appProtocol: 'https' }]);
    const kafka = lb([{ name: 'tcp-kafka', port: 9094, targetPort: 9094 }]);
    expect(validateRendered([under([https, kafka])]).violations).toEqual([]);
    expect(validateRendered([under([lb([{ name: 'web', port: 80, appProtocol: 'http' }])], { production: false })]).violations).toEqual([]);
  });

  test('a replicated workload with a budget and anti-affinity passes', () => {
    const anti = deployment((d) => {
      d.spec.replicas = 3;
      d.spec.template.spec.affinity = {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } } },
          ],
        },
      };
    });
    expect(validateRendered([under([anti, pdb])]).violations).toEqual([]);
  });

  test('every synthesized environment passes the policy', () => {
    const r = validateRendered(
      renderedEnvironments().map((rendered) => ({
        rendered,
        production: rendered.env === 'prod',
        networkIsolation: ENVIRONMENTS.find((e) => e.name === rendered.env)!.networkIsolation,
      })),
    );
    expect(r.errors).toEqual([]);
    expect(r.violations).toEqual([]);
  });
});

describe('exceptions', () => {
  const exception = { rule: 'read-only-root-filesystem', chart: 'app', kind: 'Deployment', name: 'web', reason: 'the program unpacks itself at start' };
  const writable = deployment((d) => (d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false));

  test('a table entry waives the finding and the report shows it with its reason', () => {
    const r = validateRendered([under([writable])], { exceptions: [exception] });
    expect(r.violations).toEqual([]);
    expect(r.exceptions).toEqual([
      expect.objectContaining({ rule: 'read-only-root-filesystem', object: 'prod/app Deployment/web', reason: 'the program unpacks itself at start' }),
    ]);
  });

  test('an entry limited to other environments waives nothing', () => {
    const r = validateRendered([under([writable])], { exceptions: [{ ...exception, environments: ['dev'] }] });
    expect(r.violations.map((v) => v.rule)).toEqual(['read-only-root-filesystem']);
  });

  test("a construct-declared exception (the kit's annotation) waives its rule for its container only", () => {
    const annotated = deployment((d) => {
      d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
      d.spec.template.metadata.annotations = { 'keelson.io/security-exception.web.writable-root-filesystem': 'build tools write outside the workspace' };
    });
    const r = validateRendered([under([annotated])], { exceptions: [] });
    expect(r.violations).toEqual([]);
    expect(r.exceptions.map((x) => [x.rule, x.reason])).toEqual([['read-only-root-filesystem', 'build tools write outside the workspace']]);
    const other = deployment((d) => {
      d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
      d.spec.template.metadata.annotations = { 'keelson.io/security-exception.sidecar.writable-root-filesystem': 'not this container' };
    });
    expect(validateRendered([under([other])], { exceptions: [] }).violations.map((v) => v.rule)).toEqual(['read-only-root-filesystem']);
  });

  test('an entry that waives nothing is an error (stale exceptions hide new findings)', () => {
    const r = validateRendered([under([deployment()])], { exceptions: [exception] });
    expect(r.errors).toEqual([
      {
        check: 'exception',
        object: 'exception 0 (app Deployment/web)',
        field: 'rule',
        message: 'waives "read-only-root-filesystem", which no longer fires on that object: remove the exception',
      },
    ]);
  });

  test('every entry of the table names a real rule and gives a reason', () => {
    for (const x of POLICY_EXCEPTIONS) {
      expect(RULES.map((r) => r.id)).toContain(x.rule);
      expect(x.reason.length).toBeGreaterThan(20);
    }
  });
});
