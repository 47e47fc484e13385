/**
 * Name rules of the Kubernetes API server (k8s.io/apimachinery/pkg/util/validation), shared by
 * the constructs (which refuse a bad name before anything is written) and `keelson validate`.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** IsDNS1123Label: at most 63 lower-case alphanumerics or '-', alphanumeric at both ends. */
export const isDnsLabel = (s: unknown): boolean => typeof s === 'string' && s.length <= 63 && DNS_LABEL.test(s);

/** IsDNS1123Subdomain: dot-separated DNS labels, at most 253 characters. */
export const isDnsSubdomain = (s: unknown): boolean => typeof s === 'string' && s.length <= 253 && s.split('.').every((p) => DNS_LABEL.test(p));

/** IsQualifiedName: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedName(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return name.length <= 63 && LABEL_NAME.test(name) && (prefix === undefined || isDnsSubdomain(prefix));
}

/**
 * An annotation key: apimachinery's ValidateAnnotations checks IsQualifiedName on the key
 * lower-cased, so an upper-case prefix is accepted there (unlike label keys).
 */
export const isAnnotationKey = (key: string): boolean => typeof key === 'string' && isQualifiedName(key.toLowerCase());

/** IsValidLabelValue: empty, or at most 63 alphanumerics, '-', '_' or '.', alphanumeric at both ends. */
export const isLabelValue = (v: unknown): boolean => typeof v === 'string' && v.length <= 63 && (v === '' || LABEL_NAME.test(v));

export const ANNOTATION_KEY_RULE = 'must be an optional DNS subdomain prefix and "/" followed by a name of at most 63 alphanumerics, "-", "_" or "."';
