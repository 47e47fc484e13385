import { k8s } from '../k8s';
import { Checks } from './errors';

/** What a probe does. Ports are container port names or numbers. */
export type ProbeAction =
  | { readonly kind: 'http'; readonly path: string; readonly port: string | number; readonly scheme?: 'HTTP' | 'HTTPS' }
  | { readonly kind: 'tcp'; readonly port: string | number }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

export interface ProbeSpec {
  readonly action: ProbeAction;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  /** @default 0 (a startup probe already covers slow starts) */
  readonly initialDelaySeconds?: number;
}

/**
 * The three probes of a long-running container, kept distinct on purpose:
 * - startup gives a slow boot (plugin install, WAL replay) time without weakening liveness;
 * - liveness is cheap and patient: a restart is the last resort;
 * - readiness asks the real health endpoint and reacts fast, taking the pod out of Services.
 */
export interface HealthProbes {
  readonly startup: ProbeSpec;
  readonly liveness: ProbeSpec;
  readonly readiness: ProbeSpec;
}

export const httpGet = (path: string, port: string | number): ProbeAction => ({ kind: 'http', path, port });
export const tcpSocket = (port: string | number): ProbeAction => ({ kind: 'tcp', port });

/** Validates timings and that liveness and readiness are not the same probe. */
export function checkProbes(checks: Checks, field: string, probes: HealthProbes): void {
  for (const which of ['startup', 'liveness', 'readiness'] as const) {
    const p = probes[which];
    checks.that(p !== undefined, `${field}.${which}`, p, 'must be set');
    checks.integer(`${field}.${which}.periodSeconds`, p.periodSeconds, 1, 3600);
    checks.integer(`${field}.${which}.timeoutSeconds`, p.timeoutSeconds, 1, 3600);
    checks.integer(`${field}.${which}.failureThreshold`, p.failureThreshold, 1, 1000);
    if (p.initialDelaySeconds !== undefined) checks.integer(`${field}.${which}.initialDelaySeconds`, p.initialDelaySeconds, 0, 3600);
    checks.that(
      p.timeoutSeconds <= p.periodSeconds,
      `${field}.${which}.timeoutSeconds`,
      p.timeoutSeconds,
      `must not exceed periodSeconds (${p.periodSeconds})`,
    );
    if (p.action.kind === 'http') checks.that(p.action.path.startsWith('/'), `${field}.${which}.action.path`, p.action.path, "must start with '/'");
  }
  checks.that(
    JSON.stringify(probes.liveness) !== JSON.stringify(probes.readiness),
    `${field}.liveness`,
    probes.liveness,
    'must differ from the readiness probe (liveness restarts the container, readiness only takes it out of rotation)',
  );
}

function portOf(port: string | number): k8s.IntOrString {
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}

export function renderProbe(p: ProbeSpec): k8s.Probe {
  const timing = {
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
    successThreshold: 1,
  };
  switch (p.action.kind) {
    case 'http':
      return { ...timing, httpGet: { path: p.action.path, port: portOf(p.action.port), scheme: p.action.scheme ?? 'HTTP' } };
    case 'tcp':
      return { ...timing, tcpSocket: { port: portOf(p.action.port) } };
    case 'exec':
      return { ...timing, exec: { command: [...p.action.command] } };
  }
}

export function renderProbes(p: HealthProbes): Pick<k8s.Container, 'startupProbe' | 'livenessProbe' | 'readinessProbe'> {
  return { startupProbe: renderProbe(p.startup), livenessProbe: renderProbe(p.liveness), readinessProbe: renderProbe(p.readiness) };
}
