/**
 * Checks of Jenkins inputs that are well-formed text but that Jenkins cannot use: a URL with an
 * impossible port, credentials without a user name, a permission matrix nobody administers.
 */
import { Checks } from '../common/errors';
import { MatrixEntry } from './casc';

/** The URL Jenkins advertises (`jenkins.location.url`): links and agent connections use it. */
export function checkJenkinsUrl(checks: Checks, field: string, url: string | undefined): void {
  let port: number | undefined;
  try {
    const u = new URL(url ?? '');
    port = u.port === '' ? undefined : Number(u.port);
  } catch {
    // The WHATWG URL parser rejects ports above 65535, so "https://host:99999" lands here.
    port = Number(/^https?:\/\/[^/:]+:(\d+)/.exec(url ?? '')?.[1] ?? NaN);
  }
  checks.that(port === undefined || (port >= 1 && port <= 65535), field, url, 'must be an absolute http(s) URL with a port between 1 and 65535');
}

/** A username/password credential needs a user name: Jenkins would send an empty one. */
export function checkCredentialUsername(checks: Checks, field: string, username: string): void {
  checks.that(typeof username === 'string' && username.trim() !== '', field, username, 'must be a non-empty user name');
}

/** Permission ids of Jenkins core and the plugins keelson installs, for spotting typos. */
const KNOWN_PERMISSIONS = [
  'Overall/Administer',
  'Overall/Manage',
  'Overall/SystemRead',
  'Overall/Read',
  'Agent/Build',
  'Agent/Configure',
  'Agent/Connect',
  'Agent/Create',
  'Agent/Delete',
  'Agent/Disconnect',
  'Agent/ExtendedRead',
  'Credentials/Create',
  'Credentials/Delete',
  'Credentials/ManageDomains',
  'Credentials/Update',
  'Credentials/View',
  'Job/Build',
  'Job/Cancel',
  'Job/Configure',
  'Job/Create',
  'Job/Delete',
  'Job/Discover',
  'Job/ExtendedRead',
  'Job/Move',
  'Job/Read',
  'Job/Workspace',
  'Run/Delete',
  'Run/Replay',
  'Run/Update',
  'SCM/Tag',
  'View/Configure',
  'View/Create',
  'View/Delete',
  'View/Read',
];

/**
 * matrix-auth grants only what the matrix lists: without an Overall/Administer row nobody can
 * change the configuration again (its documentation warns the user would lock themselves out).
 * A permission id that differs from a known one only by case is a typo matrix-auth ignores.
 */
export function checkMatrix(checks: Checks, field: string, entries: readonly MatrixEntry[]): void {
  entries.forEach((e, i) =>
    e.permissions.forEach((p, j) => {
      const near = KNOWN_PERMISSIONS.find((k) => k !== p && k.toLowerCase() === String(p).toLowerCase());
      checks.that(
        typeof p === 'string' && /^[A-Za-z][A-Za-z ]*\/[A-Za-z]+$/.test(p) && near === undefined,
        `${field}[${i}].permissions[${j}]`,
        p,
        `must be a permission id such as Overall/Administer or Job/Build${near ? ` (did you mean "${near}"?)` : ''}`,
      );
    }),
  );
  checks.that(
    entries.some((e) => e.permissions.includes('Overall/Administer')),
    field,
    entries.map((e) => `${e.type}:${e.name}`),
    'must grant Overall/Administer to at least one user or group (otherwise nobody can administer Jenkins)',
  );
}
