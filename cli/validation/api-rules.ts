/**
 * Rules the API server enforces that the OpenAPI schemas do not carry: name syntax per kind,
 * label syntax, port and container names, selector/template agreement, mounts that name a
 * volume, multi-port Services with named ports, and references between objects of one
 * environment (Service → pods and named ports, Ingress → Service, HPA and PDB → workloads).
 * Each catches a mistake that would otherwise surface only at `kubectl apply` or at runtime.
 */
import { isCidr } from '../../constructs/common/network-policy';
import { ANNOTATION_KEY_RULE, isAnnotationKey, isDnsLabel, isDnsSubdomain, isLabelValue, isQualifiedName } from '../../constructs/common/names';
import { isCoreKind } from './kubernetes-schema';
import { containersOf, Json, Located, podSpecPath, podTemplateOf, selects } from './objects';

/** One broken API-server rule: the field and what is wrong with it (value included). */
export interface ApiFinding {
  readonly field: string;
  readonly message: string;
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

// The name rules live with the constructs, which refuse bad names before anything is written.
export { isAnnotationKey, isDnsLabel, isDnsSubdomain, isLabelValue, isQualifiedName } from '../../constructs/common/names';

/** IANA_SVC_NAME: at most 15 lower-case alphanumerics or '-', with a letter, no '--', alphanumeric at both ends. */
export function isPortName(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

const q = (v: unknown) => JSON.stringify(v);
const NAME_RULES: Record<string, { test: (s: unknown) => boolean; rule: string }> = {
  Namespace: { test: isDnsLabel, rule: 'a DNS-1123 label (at most 63 lower-case alphanumerics or "-")' },
  Service: {
    test: (s) => typeof s === 'string' && s.length <= 63 && DNS_1035_LABEL.test(s),
    rule: 'a DNS-1035 label (at most 63 lower-case alphanumerics or "-", starting with a letter)',
  },
  // The CronJob controller appends an 11-character suffix to name its Jobs.
  CronJob: { test: (s) => isDnsSubdomain(s) && (s as string).length <= 52, rule: 'a DNS-1123 subdomain of at most 52 characters' },
};
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const SUBDOMAIN_RULE = { test: isDnsSubdomain, rule: 'a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", at most 253 characters)' };

function nameRule(kind: string) {
  if (PATH_SEGMENT_KINDS.has(kind))
    return { test: (s: unknown) => typeof s === 'string' && s !== '' && s !== '.' && s !== '..' && !/[/%]/.test(s), rule: 'a path segment (no "/" or "%")' };
  return NAME_RULES[kind] ?? SUBDOMAIN_RULE;
}

function checkLabels(field: string, labels: unknown, out: ApiFinding[]): void {
  if (!labels || typeof labels !== 'object') return;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    if (!isQualifiedName(k))
      out.push({
        field: `${field}[${q(k)}]`,
        message: `label key ${q(k)} must be an optional DNS subdomain prefix and "/" followed by a name of at most 63 alphanumerics, "-", "_" or "."`,
      });
    if (!isLabelValue(v))
      out.push({
        field: `${field}[${q(k)}]`,
        message: `label value ${q(v)} must be at most 63 alphanumerics, "-", "_" or ".", starting and ending alphanumeric (or empty)`,
      });
  }
}

function checkAnnotationKeys(field: string, annotations: unknown, out: ApiFinding[]): void {
  if (!annotations || typeof annotations !== 'object') return;
  for (const k of Object.keys(annotations)) {
    if (!isAnnotationKey(k)) out.push({ field: `${field}[${q(k)}]`, message: `annotation key ${q(k)} ${ANNOTATION_KEY_RULE}` });
  }
}

/** Checks that need only the object itself. */
export function objectRules(o: Json): ApiFinding[] {
  const out: ApiFinding[] = [];
  const r = nameRule(o.kind);
  if (!r.test(o.metadata?.name)) out.push({ field: 'metadata.name', message: `${q(o.metadata?.name)} must be ${r.rule}` });
  if (o.metadata?.namespace !== undefined && !isDnsLabel(o.metadata.namespace))
    out.push({ field: 'metadata.namespace', message: `${q(o.metadata.namespace)} must be a DNS-1123 label` });
  checkLabels('metadata.labels', o.metadata?.labels, out);
  checkAnnotationKeys('metadata.annotations', o.metadata?.annotations, out);
  if (!isCoreKind(o.apiVersion, o.kind)) return out;

  if (o.spec?.selector?.matchLabels) checkLabels('spec.selector.matchLabels', o.spec.selector.matchLabels, out);
  (o.spec?.volumeClaimTemplates ?? []).forEach((v: Json, i: number) => {
    if (!isDnsLabel(v.metadata?.name))
      out.push({ field: `spec.volumeClaimTemplates[${i}].metadata.name`, message: `${q(v.metadata?.name)} must be a DNS-1123 label` });
    checkLabels(`spec.volumeClaimTemplates[${i}].metadata.labels`, v.metadata?.labels, out);
  });
  const t = podTemplateOf(o as never);
  if (t) podRules(o, t, out);
  if (o.kind === 'Service') serviceRules(o, out);
  if (o.kind === 'NetworkPolicy') networkPolicyRules(o, out);
  return out;
}

/** ipBlock CIDRs are plain strings in the schema; the API server parses them. */
function networkPolicyRules(o: Json, out: ApiFinding[]): void {
  for (const [direction, peersKey] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    ((o.spec?.[direction] ?? []) as Json[]).forEach((rule, i) =>
      ((rule[peersKey] ?? []) as Json[]).forEach((peer, j) => {
        if (!peer.ipBlock) return;
        const field = `spec.${direction}[${i}].${peersKey}[${j}].ipBlock`;
        if (!isCidr(peer.ipBlock.cidr)) out.push({ field: `${field}.cidr`, message: `${q(peer.ipBlock.cidr)} must be an IPv4 or IPv6 CIDR` });
        ((peer.ipBlock.except ?? []) as unknown[]).forEach((x, k) => {
          if (!isCidr(x)) out.push({ field: `${field}.except[${k}]`, message: `${q(x)} must be an IPv4 or IPv6 CIDR` });
        });
      }),
    );
  }
}

function podRules(o: Json, t: ReturnType<typeof podTemplateOf> & object, out: ApiFinding[]): void {
  const specPath = podSpecPath(t);
  if (t.path) {
    checkLabels(`${t.path}.metadata.labels`, t.labels, out);
    checkAnnotationKeys(`${t.path}.metadata.annotations`, t.annotations, out);
    // The controller only owns pods its selector matches; a mismatch is rejected at apply.
    const selector = o.spec?.selector?.matchLabels as Record<string, string> | undefined;
    if (o.kind !== 'Job' && o.kind !== 'CronJob') {
      if (!selector || Object.keys(selector).length === 0)
        out.push({ field: 'spec.selector.matchLabels', message: 'must select the pod template (an empty selector is rejected)' });
      for (const [k, v] of Object.entries(selector ?? {})) {
        if (t.labels[k] !== v)
          out.push({ field: `spec.selector.matchLabels[${q(k)}]`, message: `${q(v)} must equal the pod template's label (${q(t.labels[k])})` });
      }
    }
  }
  const volumes = (t.spec.volumes ?? []) as Json[];
  const volumeNames = new Set<string>();
  volumes.forEach((v, i) => {
    if (!isDnsLabel(v.name)) out.push({ field: `${specPath}.volumes[${i}].name`, message: `${q(v.name)} must be a DNS-1123 label` });
    if (volumeNames.has(v.name)) out.push({ field: `${specPath}.volumes[${i}].name`, message: `${q(v.name)} must be unique among the pod's volumes` });
    volumeNames.add(v.name);
  });
  // A StatefulSet's claim templates are volumes of its pods.
  for (const v of (o.spec?.volumeClaimTemplates ?? []) as Json[]) volumeNames.add(v.metadata?.name);

  const containerNames = new Set<string>();
  const portNames = new Set<string>();
  for (const { path, container } of containersOf(t)) {
    if (!isDnsLabel(container.name)) out.push({ field: `${path}.name`, message: `${q(container.name)} must be a DNS-1123 label` });
    if (containerNames.has(container.name))
      out.push({ field: `${path}.name`, message: `${q(container.name)} must be unique among the pod's containers and init containers` });
    containerNames.add(container.name);
    const own = new Set<string>();
    ((container.ports ?? []) as Json[]).forEach((p, i) => {
      if (p.name === undefined) return;
      if (!isPortName(p.name))
        out.push({
          field: `${path}.ports[${i}].name`,
          message: `${q(p.name)} must be an IANA service name (at most 15 lower-case alphanumerics or "-", with a letter, no "--")`,
        });
      if (portNames.has(p.name)) out.push({ field: `${path}.ports[${i}].name`, message: `${q(p.name)} must be unique among the pod's port names` });
      portNames.add(p.name);
      own.add(p.name);
    });
    const mountPaths = new Set<string>();
    ((container.volumeMounts ?? []) as Json[]).forEach((m, i) => {
      if (!volumeNames.has(m.name))
        out.push({
          field: `${path}.volumeMounts[${i}].name`,
          message: `${q(m.name)} must name a volume of the pod (have: ${[...volumeNames].join(', ') || 'none'})`,
        });
      if (mountPaths.has(m.mountPath))
        out.push({ field: `${path}.volumeMounts[${i}].mountPath`, message: `${q(m.mountPath)} must be mounted only once per container` });
      mountPaths.add(m.mountPath);
    });
    ((container.env ?? []) as Json[]).forEach((e, i) => {
      if (!ENV_NAME.test(e.name ?? ''))
        out.push({
          field: `${path}.env[${i}].name`,
          message: `${q(e.name)} must be an environment variable name (letters, digits, "_", "-" and ".", not starting with a digit)`,
        });
    });
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
      const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port ?? container[probe]?.grpc?.port;
      if (typeof port === 'string' && !own.has(port))
        out.push({ field: `${path}.${probe}`, message: `port ${q(port)} must name a port of this container (have: ${[...own].join(', ') || 'none'})` });
    }
  }
}

function serviceRules(o: Json, out: ApiFinding[]): void {
  const ports = (o.spec?.ports ?? []) as Json[];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p.name) out.push({ field: `spec.ports[${i}].name`, message: 'must be set: every port of a multi-port Service needs a name' });
    if (p.name !== undefined && !isPortName(p.name))
      out.push({
        field: `spec.ports[${i}].name`,
        message: `${q(p.name)} must be an IANA service name (at most 15 lower-case alphanumerics or "-", with a letter, no "--")`,
      });
    if (p.name !== undefined && names.has(p.name))
      out.push({ field: `spec.ports[${i}].name`, message: `${q(p.name)} must be unique among the Service's ports` });
    names.add(p.name);
  });
  if (o.spec?.selector) checkLabels('spec.selector', o.spec.selector, out);
}

/** Checks across the objects of one environment: references must resolve. */
export function referenceRules(l: Located, all: readonly Located[]): ApiFinding[] {
  const o = l.object as Json;
  const out: ApiFinding[] = [];
  const sameNamespace = all.filter((x) => x.namespace === l.namespace);
  const pods = () =>
    sameNamespace.flatMap((x) => {
      const t = podTemplateOf(x.object);
      return t ? [t] : [];
    });
  const find = (kind: string, name: string) => sameNamespace.find((x) => x.object.kind === kind && x.object.metadata.name === name)?.object as Json | undefined;

  if (o.kind === 'Service' && o.spec?.selector && o.spec.type !== 'ExternalName') {
    const selected = pods().filter((t) => selects(o.spec.selector, t.labels));
    if (selected.length === 0)
      out.push({ field: 'spec.selector', message: `${q(o.spec.selector)} must select the pods of a workload in namespace ${q(l.namespace)}; it selects none` });
    ((o.spec.ports ?? []) as Json[]).forEach((p, i) => {
      if (typeof p.targetPort !== 'string' || selected.length === 0) return;
      const named = selected.some((t) => containersOf(t).some(({ container }) => (container.ports ?? []).some((cp: Json) => cp.name === p.targetPort)));
      if (!named) out.push({ field: `spec.ports[${i}].targetPort`, message: `${q(p.targetPort)} must name a container port of the selected pods` });
    });
  }
  if (o.kind === 'Ingress') {
    ((o.spec?.rules ?? []) as Json[]).forEach((rule, i) =>
      ((rule.http?.paths ?? []) as Json[]).forEach((p, j) => {
        const backend = p.backend?.service;
        if (!backend) return;
        const field = `spec.rules[${i}].http.paths[${j}].backend.service`;
        const svc = find('Service', backend.name);
        if (!svc) out.push({ field: `${field}.name`, message: `${q(backend.name)} must name a Service in namespace ${q(l.namespace)}` });
        else if (
          !((svc.spec?.ports ?? []) as Json[]).some(
            (sp) => sp.port === backend.port?.number || (backend.port?.name !== undefined && sp.name === backend.port.name),
          )
        ) {
          out.push({ field: `${field}.port`, message: `${q(backend.port)} must be a port of Service ${q(backend.name)}` });
        }
      }),
    );
  }
  if (o.kind === 'HorizontalPodAutoscaler') {
    const ref = o.spec?.scaleTargetRef ?? {};
    if (!find(ref.kind, ref.name)) out.push({ field: 'spec.scaleTargetRef', message: `${ref.kind}/${ref.name} must exist in namespace ${q(l.namespace)}` });
  }
  if (o.kind === 'PodDisruptionBudget') {
    if (!pods().some((t) => selects(o.spec?.selector?.matchLabels, t.labels)))
      out.push({
        field: 'spec.selector',
        message: `${q(o.spec?.selector)} must select the pods of a workload in namespace ${q(l.namespace)}; it selects none`,
      });
  }
  if (o.kind === 'StatefulSet' && o.spec?.serviceName) {
    const svc = find('Service', o.spec.serviceName);
    if (!svc) out.push({ field: 'spec.serviceName', message: `${q(o.spec.serviceName)} must name a headless Service in namespace ${q(l.namespace)}` });
    else if (svc.spec?.clusterIP !== 'None')
      out.push({ field: 'spec.serviceName', message: `${q(o.spec.serviceName)} must name a headless Service (clusterIP: None)` });
  }
  return out;
}
