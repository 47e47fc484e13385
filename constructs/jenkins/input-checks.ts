/**
 * Checks of Jenkins inputs that are well-formed text but that Jenkins cannot use: a URL with an
 * impossible port, credentials without a user name, a permission matrix with unknown ids.
 */
import { Checks } from '../common/errors';
import { MatrixEntry } from './casc';
import { ADMINISTRATIVE_PERMISSIONS, MATRIX_PERMISSIONS } from './permissions';

const KNOWN_PERMISSIONS: readonly string[] = MATRIX_PERMISSIONS;

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

/**
 * A matrix row grants exactly what it lists, so a permission id matrix-auth does not know is a
 * row that silently grants less (an id differing from a known one only by case is a typo), and
 * `authenticated`/`anonymous` holding administrative rights hands them to the Swarm user and to
 * every build next to its credentials. The administrator's row is composed by JenkinsCluster
 * itself, so a matrix can never leave Jenkins without an administrator.
 */
export function checkMatrix(checks: Checks, field: string, entries: readonly MatrixEntry[], agents: boolean): void {
  entries.forEach((e, i) => {
    const row = `${field}[${i}]`;
    checks.that(e?.type === 'user' || e?.type === 'group', `${row}.type`, e?.type, "must be 'user' or 'group'");
    checks.that(typeof e.name !== 'string' || e.name.trim() !== '', `${row}.name`, e.name, 'must not be empty');
    checks.nonEmpty(`${row}.permissions`, e.permissions);
    (e.permissions ?? []).forEach((p, j) => {
      const near = KNOWN_PERMISSIONS.find((k) => k !== p && k.toLowerCase() === String(p).toLowerCase());
      checks.that(
        KNOWN_PERMISSIONS.includes(p),
        `${row}.permissions[${j}]`,
        p,
        `must be a matrix-auth permission id such as Overall/Read or Job/Build${near ? ` (did you mean "${near}"?)` : ''}`,
      );
    });
    // matrix-auth's `authenticated` group holds every logged-in user, the Swarm user included.
    const everyone = (e.type === 'group' && e.name === 'authenticated') || e.name === 'anonymous';
    const granted = (e.permissions ?? []).filter((p) => ADMINISTRATIVE_PERMISSIONS.includes(p as never));
    checks.that(
      !(agents && everyone && granted.length > 0),
      `${row}.permissions`,
      e.permissions,
      `must not grant ${granted.join(', ')} to '${String(e.name)}' with Swarm agents (their user is a member)`,
    );
  });
}
