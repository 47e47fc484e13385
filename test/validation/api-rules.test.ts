import { ManifestObject } from '../../charts/keelson-chart';
import { isAnnotationKey, isPortName, isQualifiedName, objectRules, referenceRules } from '../../cli/validation/api-rules';
import { isCidr } from '../../constructs/common/network-policy';
import { locate } from '../../cli/validation/engine';
import { deployment, environmentOf } from '../support/bad-objects';
import { renderedEnvironments } from '../support/environments';

const findings = (objects: ManifestObject[]) => {
  const all = locate(environmentOf(objects));
  return all.flatMap((l) =>
    [...objectRules(l.object), ...referenceRules(l, all)].map((f) => `${l.object.kind}/${l.object.metadata.name} ${f.field}: ${f.message}`),
  );
};
const service = (spec: object, name = 'web'): ManifestObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'prod-app' }, spec }) as ManifestObject;

describe('API-server rules the schemas do not carry', () => {
  test('every synthesized object passes', () => {
    for (const r of renderedEnvironments()) {
      const all = locate(r);
      expect(
        all.flatMap((l) => [...objectRules(l.object), ...referenceRules(l, all)].map((f) => `${l.object.kind}/${l.object.metadata.name} ${f.field}`)),
      ).toEqual([]);
    }
  });

  test('the good fixture passes', () => {
    expect(findings([deployment()])).toEqual([]);
  });

  test.each<[string, ManifestObject, string]>([
    [
      'an upper-case name',
      deployment((d) => (d.metadata.name = 'Web')),
      'Deployment/Web metadata.name: "Web" must be a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", at most 253 characters)',
    ],
    ['a name over 253 characters', deployment((d) => (d.metadata.name = 'a'.repeat(254))), `metadata.name: "${'a'.repeat(254)}" must be a DNS-1123 subdomain`],
    [
      'a label value over 63 characters',
      deployment((d) => (d.metadata.labels.team = 'x'.repeat(64))),
      `metadata.labels["team"]: label value "${'x'.repeat(64)}" must be at most 63 alphanumerics`,
    ],
    ['a label value with a space', deployment((d) => (d.metadata.labels.team = 'a b')), 'metadata.labels["team"]: label value "a b" must be at most 63'],
    [
      'a label key with two slashes',
      deployment((d) => (d.metadata.labels['a/b/c'] = 'x')),
      'metadata.labels["a/b/c"]: label key "a/b/c" must be an optional DNS subdomain prefix',
    ],
    [
      'a port name over 15 characters',
      deployment((d) => (d.spec.template.spec.containers[0].ports[0].name = 'http-metrics-port')),
      'ports[0].name: "http-metrics-port" must be an IANA service name',
    ],
    [
      'an upper-case container name',
      deployment((d) => (d.spec.template.spec.containers[0].name = 'Web')),
      'containers[0].name: "Web" must be a DNS-1123 label',
    ],
    [
      'two containers with one name',
      deployment((d) => d.spec.template.spec.containers.push({ ...d.spec.template.spec.containers[0], ports: [] })),
      'containers[1].name: "web" must be unique among the pod\'s containers and init containers',
    ],
    [
      'a selector the template does not carry',
      deployment((d) => (d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'api')),
      'spec.selector.matchLabels["app.kubernetes.io/name"]: "api" must equal the pod template\'s label ("web")',
    ],
    [
      'a mount of a missing volume',
      deployment((d) => (d.spec.template.spec.containers[0].volumeMounts[0].name = 'scratch')),
      'volumeMounts[0].name: "scratch" must name a volume of the pod (have: tmp)',
    ],
    [
      'a probe on an unknown port name',
      deployment((d) => (d.spec.template.spec.containers[0].livenessProbe.tcpSocket.port = 'admin')),
      'containers[0].livenessProbe: port "admin" must name a port of this container (have: http)',
    ],
    [
      'a bad environment variable name',
      deployment((d) => (d.spec.template.spec.containers[0].env = [{ name: '1PORT', value: 'x' }])),
      'env[0].name: "1PORT" must be an environment variable name',
    ],
    [
      'an unnamed port in a multi-port Service',
      service({ selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80 }, { port: 9090 }] }),
      'Service/web spec.ports[1].name: must be set: every port of a multi-port Service needs a name',
    ],
    [
      'a Service name starting with a digit',
      service({ selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80 }] }, '1web'),
      'Service/1web metadata.name: "1web" must be a DNS-1035 label',
    ],
    [
      'a Service that selects no pods',
      service({ selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80 }] }),
      'Service/web spec.selector: {"app.kubernetes.io/name":"api"} must select the pods of a workload in namespace "prod-app"; it selects none',
    ],
    [
      'a Service targeting an unknown port name',
      service({ selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 80, targetPort: 'metrics' }] }),
      'Service/web spec.ports[0].targetPort: "metrics" must name a container port of the selected pods',
    ],
    [
      'an HPA whose target does not exist',
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: 'prod-app' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 1, maxReplicas: 2 },
      } as ManifestObject,
      'HorizontalPodAutoscaler/web spec.scaleTargetRef: Deployment/api must exist in namespace "prod-app"',
    ],
    [
      'an Ingress to a missing Service',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'prod-app' },
        spec: {
          rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }],
        },
      } as ManifestObject,
      'Ingress/web spec.rules[0].http.paths[0].backend.service.name: "api" must name a Service in namespace "prod-app"',
    ],
    [
      'a malformed CIDR in a NetworkPolicy',
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'out', namespace: 'prod-app' },
        spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.300/8' } }] }] },
      } as ManifestObject,
      'NetworkPolicy/out spec.egress[0].to[0].ipBlock.cidr: "10.0.0.300/8" must be an IPv4 or IPv6 CIDR',
    ],
  ])('%s', (_name, bad, expected) => {
    // A broken Deployment stands alone; other kinds get the good Deployment to refer to.
    const found = findings(bad.kind === 'Deployment' ? [bad] : [deployment(), bad]);
    expect(found.join('\n')).toContain(expected);
  });

  test('name helpers follow the API server', () => {
    expect(['http', 'agent-listener', 'h2c', 'grpc-otlp'].every(isPortName)).toBe(true);
    expect(['', '80', 'a--b', '-http', 'HTTP', 'sixteen-chars-xx'].some(isPortName)).toBe(false);
    expect(isQualifiedName('app.kubernetes.io/name')).toBe(true);
    expect(isQualifiedName('Example.com/name')).toBe(false);
    // apimachinery ValidateAnnotations checks IsQualifiedName(strings.ToLower(key)): an upper-case
    // prefix passes for annotations, not for labels; a space or an empty name never does.
    expect(isAnnotationKey('Example.com/name')).toBe(true);
    expect(['bad key', 'example.com/', 'a/b/c', 'x'.repeat(64)].some(isAnnotationKey)).toBe(false);
    expect(['10.0.0.0/8', '0.0.0.0/0', '192.0.2.7/32', 'fd00::/8', '2001:db8::1/128'].every(isCidr)).toBe(true);
    expect(['10.0.0.0', '10.0.0.0/33', '256.1.1.1/8', '10.01.0.0/16', 'fd00::/129', 'host/24', '1:::2/64'].some(isCidr)).toBe(false);
  });
});
