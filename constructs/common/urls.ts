/** An absolute http(s) URL: scheme, host (with an optional port), optional path; no whitespace. */
export const ABSOLUTE_HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;

/** Whether `value` is an absolute http(s) URL; with `requirePath`, one with a path after the host. */
export function isAbsoluteHttpUrl(value: string | undefined, requirePath = false): boolean {
  return typeof value === 'string' && ABSOLUTE_HTTP_URL.test(value) && (!requirePath || /^https?:\/\/[^\s/]+\//.test(value));
}

/** Whether `value` is an absolute https URL (an API server, a provider's API): a host after the scheme. */
export function isAbsoluteHttpsUrl(value: string | undefined): boolean {
  return typeof value === 'string' && value.startsWith('https://') && isAbsoluteHttpUrl(value);
}
