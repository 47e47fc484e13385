import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderEnvironment } from '../../render';
import { synth } from '../../cli/synth';
import { writeEnvironments } from '../../cli/output';
import { defineEnvironment } from '../../stacks/define';
import { getEnvironment, UNKNOWN_ENVIRONMENT } from '../../stacks/environments';
import { unknownEnvironmentError } from '../support/environments';

describe('stack errors name the environment, component, field and value', () => {
  test('an unknown environment', () => {
    expect(() => getEnvironment(UNKNOWN_ENVIRONMENT)).toThrow(unknownEnvironmentError());
  });

  test.each<[string, Partial<Parameters<typeof defineEnvironment>[1]>, string]>([
    [
      'a bad domain',
      { domain: 'Example..com' },
      'environment (broken): domain must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "Example..com"',
    ],
    [
      'a bad storage class',
      { storageClass: 'SSD' },
      'environment (broken): storageClass must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters); got "SSD"',
    ],
    [
      'controller replicas in an environment',
      { ci: { controller: { replicas: 2 as 1 } } },
      "jenkins 'ci/jenkins' (broken): controller.replicas must be 1 (Jenkins has a single writer on JENKINS_HOME; scale builds with agents); got 2",
    ],
    [
      'HPA min > max in an environment',
      { ci: { agents: { autoscaling: { minReplicas: 8, maxReplicas: 4 } } } },
      "jenkins 'ci/jenkins' (broken): agents.autoscaling.minReplicas must not exceed maxReplicas (4); got 8",
    ],
    [
      'an invalid size in an environment',
      { ci: { controller: { storage: { size: 'lots' as '1Gi' } } } },
      'jenkins \'ci/jenkins\' (broken): controller.storage.size must be a positive size with a unit, such as 512Mi, 20Gi or 1Ti; got "lots"',
    ],
    [
      'a node count the budget cannot use',
      { overview: { nodes: 0 } },
      'environment (broken): overview.nodes must be a whole number between 1 and 10000; got 0',
    ],
    [
      'negative agent executors',
      { ci: { agents: { executors: -1 } } },
      "jenkins 'ci/jenkins' (broken): agents.executors must be a whole number between 1 and 64; got -1",
    ],
  ])('%s', (_name, overrides, message) => {
    expect(() => renderEnvironment(defineEnvironment('broken', { tier: 'development', ...overrides }))).toThrow(message);
  });

  test('the name reserved for an unknown environment is refused, so no registered environment can take it', () => {
    expect(() => renderEnvironment(defineEnvironment(UNKNOWN_ENVIRONMENT, { tier: 'development' }))).toThrow(
      `environment (${UNKNOWN_ENVIRONMENT}): name must not be the name reserved for an environment that does not exist; got "${UNKNOWN_ENVIRONMENT}"`,
    );
  });

  test('an environment name that cannot prefix namespaces', () => {
    expect(() => renderEnvironment(defineEnvironment('Prod_EU', { tier: 'production' }))).toThrow(/^environment \(Prod_EU\): name must be a DNS-1123 label/);
  });
});

describe('synthesis is all-or-nothing', () => {
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-synth-'));
    fs.mkdirSync(path.join(out, 'dev', 'ci'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dev', 'ci', 'sentinel.yaml'), 'untouched\n');
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  const snapshot = () => fs.readdirSync(out, { recursive: true }).map(String).sort();

  test('an unknown environment writes nothing and exits 1', () => {
    const before = snapshot();
    const lines: string[] = [];
    expect(synth({ envs: ['dev', UNKNOWN_ENVIRONMENT], outDir: out, docsDir: path.join(out, 'docs'), log: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([`error: ${unknownEnvironmentError()}`, 'nothing was written']);
    expect(snapshot()).toEqual(before);
    expect(fs.readFileSync(path.join(out, 'dev', 'ci', 'sentinel.yaml'), 'utf8')).toBe('untouched\n');
  });

  test('the writer itself refuses one environment twice before touching a file (a second swap would fail half-way)', () => {
    const before = snapshot();
    const dev = renderEnvironment(getEnvironment('dev'));
    expect(() => writeEnvironments(out, [dev, dev])).toThrow('writeEnvironments: environment names must be unique; got dev, dev');
    expect(snapshot()).toEqual(before);
  });

  test('a swap that fails half-way puts the environments already swapped back', () => {
    const before = snapshot();
    const rendered = ['dev', 'staging'].map((e) => renderEnvironment(getEnvironment(e)));
    // The module object itself (the import is a read-only namespace view of it).
    const nodeFs = jest.requireActual<typeof fs>('node:fs');
    const rename = nodeFs.renameSync;
    let calls = 0;
    // The third rename moves staging's new folder into place: fail it, as a full disk would.
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (++calls === 3) throw new Error('ENOSPC: no space left on device');
      return rename(from, to);
    });
    try {
      expect(() => writeEnvironments(out, rendered)).toThrow('ENOSPC');
    } finally {
      spy.mockRestore();
    }
    expect(snapshot()).toEqual(before);
    expect(fs.readFileSync(path.join(out, 'dev', 'ci', 'sentinel.yaml'), 'utf8')).toBe('untouched\n');
  });

  test('a successful run replaces the environment folder and leaves no staging folder', () => {
    expect(synth({ envs: ['dev'], outDir: out, docsDir: path.join(out, 'docs'), log: () => undefined })).toBe(0);
    const files = snapshot();
    expect(files).toContain(path.join('docs', 'dev.md'));
    expect(files.filter((f) => f.includes('.keelson-tmp'))).toEqual([]);
    expect(files).not.toContain(path.join('dev', 'ci', 'sentinel.yaml'));
    expect(files).toContain(path.join('dev', 'ci', 'statefulset-jenkins.yaml'));
    expect(files.filter((f) => f.startsWith('.keelson-tmp'))).toEqual([]);
  });

  test('--check reports drift without writing', () => {
    const lines: string[] = [];
    expect(synth({ envs: ['dev'], outDir: out, docsDir: path.join(out, 'docs'), check: true, log: (l) => lines.push(l) })).toBe(1);
    expect(lines).toContain(`  missing   ${path.join(out, 'docs')}/dev.md`);
    expect(lines).toContain('  extra     dev/ci/sentinel.yaml');
    expect(lines).toContain('  missing   dev/ci/statefulset-jenkins.yaml');
    expect(fs.existsSync(path.join(out, 'dev', 'ci', 'statefulset-jenkins.yaml'))).toBe(false);
  });
});
