import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { Checks } from './errors';
import { record, recordsIn } from './tree-metadata';

/** A reference to one key of a Kubernetes Secret. keelson never handles secret values. */
export interface SecretKeyRef {
  /** Secret name (DNS-1123 subdomain). */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/**
 * What the program reading a Secret value requires of it (a key length, a character set). Values
 * are never in the code, so the rule is checked where they are known: `pulumi up` checks the
 * encrypted stack config against it before creating anything.
 */
export interface SecretValueRule {
  /** Exact length in characters. @default undefined (any length) */
  readonly length?: number;
  /** Regular expression (source) the whole value must match. @default undefined (any value) */
  readonly pattern?: string;
  /** The value must be a JSON document. @default false */
  readonly json?: boolean;
  /** Which program requires it and why, for the error message. */
  readonly reason: string;
}

/** What a construct needs to exist in its namespace before it can start. */
export interface SecretRequirement {
  readonly name: string;
  readonly keys: readonly string[];
  readonly purpose: string;
  /** Rules on the values of some keys. @default undefined (no rule) */
  readonly rules?: Readonly<Record<string, SecretValueRule>>;
}

const REQUIREMENT_METADATA = 'keelson:secret';
const SECRET_KEY_PATTERN = /^[-._a-zA-Z0-9]+$/;

/** Validates a reference and records it on the construct tree, so a stack can list the Secrets it needs. */
export function requireSecret(
  scope: Construct,
  checks: Checks,
  field: string,
  ref: SecretKeyRef | undefined,
  purpose: string,
  rule?: SecretValueRule,
): SecretKeyRef {
  checks.that(ref !== undefined && typeof ref === 'object', field, ref, 'must reference a Secret key ({ name, key })');
  const r = ref as SecretKeyRef;
  checks.dnsSubdomain(`${field}.name`, r.name);
  checks.that(
    typeof r.key === 'string' && SECRET_KEY_PATTERN.test(r.key) && r.key.length <= 253,
    `${field}.key`,
    r.key,
    "must be a Secret key (letters, digits, '-', '_' and '.')",
  );
  record<SecretRequirement>(scope, REQUIREMENT_METADATA, { name: r.name, keys: [r.key], purpose, ...(rule ? { rules: { [r.key]: rule } } : {}) });
  return r;
}

/** Why `value` breaks `rule` (lengths only, never the value), or undefined when it is accepted. */
export function secretValueProblem(rule: SecretValueRule, value: string): string | undefined {
  if (rule.length !== undefined && [...value].length !== rule.length) return `must be exactly ${rule.length} characters; got ${[...value].length}`;
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) return `must match ${rule.pattern}`;
  if (rule.json) {
    try {
      JSON.parse(value);
    } catch {
      return 'must be a JSON document';
    }
  }
  return undefined;
}

/**
 * kube-apiserver refuses a `kubernetes.io/dockerconfigjson` Secret whose `.dockerconfigjson` is
 * not JSON (k8s.io/kubernetes pkg/apis/core/validation, ValidateSecret, 1.36): the rule its type
 * implies, for keys no construct gave a rule of its own.
 */
const DOCKER_CONFIG_RULE: SecretValueRule = {
  json: true,
  reason:
    'kube-apiserver validates .dockerconfigjson of a kubernetes.io/dockerconfigjson Secret as JSON, e.g. {"auths":{"<registry>":{"auth":"<base64 user:token>"}}}',
};

/** The rule a key's value must meet: the construct's own, or the one the Secret's type implies. */
export function valueRuleOf(requirement: Pick<SecretRequirement, 'keys' | 'rules'>, key: string): SecretValueRule | undefined {
  const own = requirement.rules?.[key];
  if (own) return own;
  if (key === '.dockerconfigjson' && secretTypeOf(requirement) === 'kubernetes.io/dockerconfigjson') return DOCKER_CONFIG_RULE;
  return undefined;
}

/** An environment variable read from a Secret key. */
export function secretEnv(name: string, ref: SecretKeyRef): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

/** Every Secret the constructs below `root` reference, merged by name, sorted. */
export function requiredSecrets(root: Construct): SecretRequirement[] {
  const byName = new Map<string, { keys: Set<string>; purposes: Set<string>; rules: Record<string, SecretValueRule> }>();
  for (const data of recordsIn<SecretRequirement>(root, REQUIREMENT_METADATA)) {
    const slot = byName.get(data.name) ?? { keys: new Set<string>(), purposes: new Set<string>(), rules: {} };
    data.keys.forEach((k) => slot.keys.add(k));
    slot.purposes.add(data.purpose);
    Object.assign(slot.rules, data.rules ?? {});
    byName.set(data.name, slot);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, s]) => {
      const rules = Object.fromEntries(Object.entries(s.rules).sort(([a], [b]) => a.localeCompare(b)));
      return { name, keys: [...s.keys].sort(), purpose: [...s.purposes].sort().join('; '), ...(Object.keys(rules).length ? { rules } : {}) };
    });
}

/** Secret types keelson's references imply (the `type` field of a core/v1 Secret). */
export type SecretType = 'Opaque' | 'kubernetes.io/dockerconfigjson' | 'kubernetes.io/tls';

/**
 * The type a Secret must have for its keys to be used as intended, whoever creates it (stack
 * config, a secret operator). The kubelet only reads image pull credentials from Secrets of type
 * `kubernetes.io/dockerconfigjson` (key `.dockerconfigjson`), and Ingress controllers and the
 * upstream charts read certificates from `kubernetes.io/tls` Secrets, whose `tls.crt` and
 * `tls.key` the API server requires; everything else is Opaque.
 */
export function secretTypeOf(requirement: Pick<SecretRequirement, 'keys'>): SecretType {
  if (requirement.keys.includes('.dockerconfigjson')) return 'kubernetes.io/dockerconfigjson';
  if (requirement.keys.includes('tls.crt') && requirement.keys.includes('tls.key')) return 'kubernetes.io/tls';
  return 'Opaque';
}
