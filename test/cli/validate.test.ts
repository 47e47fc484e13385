import { captureConsole } from '../support/console';
import { ApiObject } from 'cdk8s';
import { main } from '../../cli/keelson';
import { policyExceptions } from '../../cli/validation/policy/exceptions';
import { renderEnvironment } from '../../render';
import { validate } from '../../cli/validate';
import { environmentNames, getEnvironment, UNKNOWN_ENVIRONMENT } from '../../stacks/environments';
import { unknownEnvironmentError } from '../support/environments';
import { buildPlatform } from '../../stacks/platform';
import { EnvironmentConfig } from '../../stacks/types';
import { GOOD_DEPLOYMENT } from '../support/bad-objects';
import { collidingPlatform } from '../support/colliding';

/** prod with one deliberately broken workload added to the ci chart: root, `latest`, no limits. */
function brokenProd(env: EnvironmentConfig) {
  const p = buildPlatform(env);
  const d = structuredClone(GOOD_DEPLOYMENT) as any;
  d.metadata = { name: 'broken', labels: { 'app.kubernetes.io/name': 'broken' } };
  d.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'broken' };
  d.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'broken' };
  const c = d.spec.template.spec.containers[0];
  c.image = 'docker.io/library/nginx:latest';
  c.securityContext.runAsUser = 0;
  delete c.resources.limits;
  new ApiObject(
    p.charts.find((c) => c.node.id === 'ci')!,
    'broken',
    d,
  );
  return p;
}

describe('keelson validate', () => {
  const { all: out } = captureConsole();

  test('every environment: the verdict comes first, and the justified exceptions only with --exceptions (exit 0)', async () => {
    expect(await main(['validate'])).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      new RegExp(
        `^${environmentNames().join(', ')}: valid\\. \\d+ objects checked; 0 errors, 0 violations, \\d+ justified exceptions \\(listed with --exceptions\\)$`,
      ),
    );
    out.length = 0;
    expect(await main(['validate', '--exceptions'])).toBe(0);
    expect(out[0]).toMatch(new RegExp(`^${environmentNames().join(', ')}: valid\\. \\d+ objects checked; 0 errors, 0 violations, \\d+ justified exceptions$`));
    const text = out.join('\n');
    expect(text).toContain(
      'exception  prod/ci StatefulSet/jenkins  spec.template.spec.automountServiceAccountToken: must be false; got true  [service-account-token]',
    );
    expect(text).toContain("reason: the Jenkins controller's Kubernetes cloud starts and watches agent pods");
    expect(text).not.toMatch(/^(error|violation) /m);
  });

  test('a deliberately broken workload fails the run (exit 1), reported like a linter with rule, object, field and fix', () => {
    const lines: string[] = [];
    expect(validate({ environments: [getEnvironment('prod')], build: brokenProd, log: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'violation  prod/ci Deployment/broken  spec.template.spec.containers[0].securityContext.runAsUser: must not be 0 (root); got 0  [pss-run-as-non-root]',
        '             fix: run the image as its unprivileged user: restrictedPodSecurityContext({ user }) and container() from the workload kit',
        'violation  prod/ci Deployment/broken  spec.template.spec.containers[0].image: must name a pinned tag or digest, not "latest" or none; got "docker.io/library/nginx:latest"  [pinned-image]',
        'violation  prod/ci Deployment/broken  spec.template.spec.containers[0].resources.limits.memory: must be set; got unset  [memory-limit]',
      ]),
    );
    // Every object of prod plus the broken one.
    const objects = renderEnvironment(getEnvironment('prod')).charts.reduce((n, c) => n + c.objects.length, 0) + 1;
    const prod = renderEnvironment(getEnvironment('prod'));
    const waived = policyExceptions([{ env: 'prod', networkIsolation: prod.config.networkIsolation, charts: prod.charts }]).filter((e) =>
      prod.charts.some((c) => c.name === e.chart),
    ).length;
    expect(lines[0]).toBe(
      `prod: INVALID. ${objects} objects checked; 0 errors, 3 violations, ${waived} justified exception${waived === 1 ? '' : 's'}${waived ? ' (listed with --exceptions)' : ''}`,
    );
  });

  test('two constructs producing one object are reported as a collision naming both paths (exit 1)', () => {
    const lines: string[] = [];
    const colliding = collidingPlatform('second-casc');
    expect(validate({ environments: [getEnvironment('staging')], build: colliding, log: (l) => lines.push(l) })).toBe(1);
    expect(lines[0]).toBe('staging: INVALID. 0 objects checked; 1 error, 0 violations, 0 justified exceptions');
    expect(lines[1]).toBe(
      'error      staging/ci  objects: chart \'ci\' (staging): objects must be unique by kind, namespace and name, but ci/jenkins/Controller/Casc and ci/second-casc both produce it; got "/ConfigMap/staging-ci/jenkins-casc"  [collision]',
    );
  });

  test('--format json gives the same report as data', async () => {
    expect(await main(['validate', '--env', 'dev', '--format', 'json'])).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({ environments: ['dev'], errors: [], violations: [] });
    expect(report.exceptions.map((e: { object: string }) => e.object)).toContain('dev/ci StatefulSet/jenkins');
    expect(report.exceptions.every((e: { reason: string }) => e.reason.length > 20)).toBe(true);
  });

  test('help lists validate and its options', async () => {
    expect(await main(['help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^ {2}validate +check environments/m);
    expect(await main(['help', 'validate'])).toBe(0);
    expect(out.join('\n')).toContain('exit status: 0 clean, 1 errors, policy violations or a configuration error');
  });

  test('an unknown environment exits 1; a bad --format is a usage error', async () => {
    expect(await main(['validate', '--env', UNKNOWN_ENVIRONMENT])).toBe(1);
    expect(out).toContain(`error: ${unknownEnvironmentError()}`);
    expect(await main(['validate', '--format', 'xml'])).toBe(64);
  });
});
