/** The Kubernetes recommended labels (app.kubernetes.io/*) that every keelson object carries. */

export const PART_OF = 'keelson';
export const MANAGED_BY = 'keelson';

/** Who owns an object: on everything keelson creates, including what it creates outside any chart (Secrets from stack config, release namespaces). */
export const OWNER_LABELS = {
  'app.kubernetes.io/managed-by': MANAGED_BY,
  'app.kubernetes.io/part-of': PART_OF,
} as const;

/**
 * The restricted Pod Security Standard enforced, and warned and audited at the same level so a
 * violation shows in `kubectl` output and the audit log too: on every namespace keelson creates
 * whose pods can meet it (chart, PR preview and upstream release namespaces alike).
 */
export const RESTRICTED_POD_SECURITY = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
} as const;

/** Labels of every namespace a chart creates (and of PR preview namespaces): ours and the restricted Pod Security Standard. */
export const NAMESPACE_LABELS = { ...OWNER_LABELS, ...RESTRICTED_POD_SECURITY } as const;
/** Changes with every release, so it never appears in selectors or immutable templates. */
export const VERSION_LABEL = 'app.kubernetes.io/version';

export interface LabelInput {
  /** The application, e.g. `jenkins`. */
  readonly name: string;
  /** The instance of that application, unique within the namespace, e.g. `jenkins-ci`. */
  readonly instance: string;
  /** The role of this part, e.g. `controller` or `agent`. */
  readonly component: string;
  /** The application version (usually the image tag). */
  readonly version: string;
}

/** Labels for an object's metadata. */
export function recommendedLabels(input: LabelInput): Record<string, string> {
  return {
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/instance': input.instance,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/name': input.name,
    'app.kubernetes.io/part-of': PART_OF,
    [VERSION_LABEL]: labelValue(input.version),
  };
}

/** The stable subset used in selectors: it must not change when the version does. */
export function selectorLabels(input: Pick<LabelInput, 'name' | 'instance' | 'component'>): Record<string, string> {
  return {
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/instance': input.instance,
    'app.kubernetes.io/name': input.name,
  };
}

/** Coerces text into a valid label value (≤ 63 chars of [A-Za-z0-9._-], alphanumeric at both ends). */
export function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}
