import { Grafana, GrafanaProps } from '../../constructs/logging/grafana';
import { scope, variant } from '../support/harness';
import { GRAFANA } from '../support/observability-fixtures';

const bad = (mutate: (d: any) => void) => () => new Grafana(scope('prod'), 'grafana', variant(GRAFANA, mutate) as GrafanaProps);
const prefix = "grafana 'test/grafana' (prod): ";

describe('Grafana rejects bad input with the field and the value received', () => {
  test.each<[string, (d: any) => void, string]>([
    ['a relative Loki URL', (d) => (d.lokiUrl = 'loki:3100'), 'lokiUrl must be an absolute http(s) URL; got "loki:3100"'],
    [
      'a Jaeger URL without scheme',
      (d) => (d.jaegerUrl = 'jaeger.tracing.svc:16686'),
      'jaegerUrl must be an absolute http(s) URL; got "jaeger.tracing.svc:16686"',
    ],
    ['a bad Prometheus URL', (d) => (d.prometheusUrl = 'prometheus'), 'prometheusUrl must be an absolute http(s) URL; got "prometheus"'],
    ['a missing admin password', (d) => delete d.admin.password, 'admin.password must reference a Secret key ({ name, key }); got nothing'],
    [
      'an admin user key with a slash',
      (d) => (d.admin.user.key = 'user/name'),
      "admin.user.key must be a Secret key (letters, digits, '-', '_' and '.'); got \"user/name\"",
    ],
    [
      'a bad persistence size',
      (d) => (d.persistence = { size: 'big' }),
      'persistence.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "big"',
    ],
    [
      'an invalid ingress host',
      (d) => (d.exposure = { kind: 'ingress', host: 'Grafana.Example.com' }),
      'exposure.host must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Grafana.Example.com"',
    ],
    [
      'a trace-to-logs label with a dot',
      (d) => (d.traceToLogsTags = [{ spanTag: 'k8s.pod.name', lokiLabel: 'k8s.pod' }]),
      'traceToLogsTags[0].lokiLabel must be a Loki label name; got "k8s.pod"',
    ],
    [
      'HTTPS behind an Ingress',
      (d) => ((d.https = { secretName: 'grafana-tls' }), (d.exposure = { kind: 'ingress', host: 'grafana.example.com' })),
      'https must not be set with an Ingress exposure (the Ingress terminates TLS with exposure.tlsSecretName and talks HTTP to Grafana); got {"secretName":"grafana-tls"}',
    ],
    ['an unknown exposure', (d) => (d.exposure = { kind: 'nodePort' }), `exposure.kind must be 'none', 'loadBalancer' or 'ingress'; got "nodePort"`],
  ])('%s', (_name, mutate, message) => {
    expect(bad(mutate)).toThrow(prefix + message);
  });
});
