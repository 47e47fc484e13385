import * as fs from 'node:fs';
import { validationReport } from '../cli/validate';
import { ENVIRONMENTS } from '../stacks/environments';
import { renderedEnvironments } from './support/environments';

/**
 * The figures the README states, checked against what the code and CI do, so that they cannot
 * drift (they did: "284 objects" while synth printed 286, "the formatter is not part of CI"
 * while .ci/run ran it).
 */
const readme = fs.readFileSync('README.md', 'utf8');
const ci = fs.readFileSync('.ci/run', 'utf8');
/** Objects of the named environments (the README's figures were measured on those it names). */
const objectsIn = (envs: readonly string[]) =>
  renderedEnvironments()
    .filter((r) => envs.includes(r.env))
    .reduce((n, r) => n + r.charts.reduce((m, c) => m + c.objects.length, 0), 0);
const figure = (pattern: RegExp): number[] => {
  const m = readme.match(pattern);
  if (!m) throw new Error(`README does not state ${pattern}`);
  return m.slice(1).map(Number);
};

describe('README figures', () => {
  test('the object count of a full synthesis', () => {
    expect(figure(/full synthesis of dev, staging, prod and preview \((\d+) objects and four environment pages\)/)).toEqual([
      objectsIn(['dev', 'staging', 'prod', 'preview']),
    ]);
  });

  test("the e2e summary's object count is every environment's objects", () => {
    const m = readme.match(/^e2e summary: environments applied: \d+ \(([a-z ]+)\) \+ (\w+) in [^;]*; objects: (\d+);/m)!;
    expect(Number(m[3])).toBe(objectsIn([...m[1].split(' '), m[2]]));
  });

  // The e2e's Argo CD step counts every Application of the environments it ran: those whose
  // source is a remote Helm chart cannot render offline; every other one is synced or waiting on
  // an upstream-chart operator, and dev's ApplicationSet adds its generated preview Application.
  test("the e2e summary's Argo CD counts are the environments' Applications", () => {
    const m = readme.match(
      /^e2e summary: environments applied: \d+ \(([a-z ]+)\).*; argocd synced: (\d+)\/(\d+) applications; argocd waiting on upstream-chart operators offline: (\d+);.*; argocd upstream charts not synced offline: (\d+);/m,
    )!;
    const objects = m[1].split(' ').flatMap((env) =>
      renderedEnvironments()
        .find((r) => r.env === env)!
        .charts.flatMap((c) => c.objects),
    );
    const apps = objects.filter((o) => o.kind === 'Application') as unknown as { spec: { source: { chart?: string } } }[];
    const generated = objects.filter((o) => o.kind === 'ApplicationSet').length;
    const [synced, local, waiting, upstream] = m.slice(2).map(Number);
    expect({ local, upstream, accounted: synced + waiting }).toEqual({
      local: apps.filter((a) => !a.spec.source.chart).length + generated,
      upstream: apps.filter((a) => a.spec.source.chart).length,
      accounted: local,
    });
  });

  test('the scaling benchmark: 50 preview-like environments hold 50 times the preview objects', () => {
    expect(figure(/\| 50 preview-like environments \((\d+) objects\)/)).toEqual([50 * objectsIn(['preview'])]);
  });

  test("the validate example: prod's objects plus the one broken workload, and prod's justified exceptions", () => {
    const waived = validationReport({ envs: ['prod'] }).exceptions.length;
    expect(figure(/^prod: INVALID\. (\d+) objects checked; 0 errors, 1 violation, (\d+) justified exceptions/m)).toEqual([objectsIn(['prod']) + 1, waived]);
  });

  test('the node counts each environment assumes for its budget', () => {
    const [dev, staging, prod] = figure(/`overview\.nodes`: dev (\d+), staging (\d+), prod (\d+)\)/);
    const nodes = (name: string) => ENVIRONMENTS.find((e) => e.name === name)!.overview.nodes;
    expect({ dev, staging, prod }).toEqual({ dev: nodes('dev'), staging: nodes('staging'), prod: nodes('prod') });
  });
});

describe('README statements about CI', () => {
  const ciSteps = [...ci.matchAll(/^npm (?:run )?([\w:-]+)/gm)].map((m) => m[1]).filter((s) => s !== 'ci');

  test('the Tests section lists exactly what .ci/run runs after npm test, in order', () => {
    const sentence = readme.slice(readme.indexOf('CI (`.ci/run`) adds'), readme.indexOf('(a test keeps this list'));
    const listed = [...sentence.matchAll(/`npm run ([\w:-]+)`/g)].map((m) => m[1]);
    expect(['test', ...listed]).toEqual(ciSteps);
  });

  test('every npm script the README says CI runs is in .ci/run, and nothing is said to be missing from CI that CI runs', () => {
    for (const m of readme.matchAll(/CI runs (?:the check|`npm run ([\w:-]+)`(?: and `npm run ([\w:-]+)`)?)/g)) {
      for (const s of m.slice(1).filter(Boolean)) expect(ciSteps).toContain(s);
    }
    expect(ciSteps).toContain('format:check');
    expect(readme).not.toMatch(/formatter is not (part of|in) CI/i);
  });
});
