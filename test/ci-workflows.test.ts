import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { generateWorkflows, previewedStacks } from '../scripts/workflows';

/** The CI definitions users copy run the same steps as the README promises. */
describe('CI workflows', () => {
  const github = parse(fs.readFileSync('.github/workflows/keelson.yml', 'utf8'));
  const gitlab = parse(fs.readFileSync('.gitlab-ci.yml', 'utf8'));
  const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
  const runs = (job: any): string => (job.steps ?? []).map((s: any) => `${s.run ?? ''} ${s.uses ?? ''} ${JSON.stringify(s.with ?? {})}`).join('\n');

  test('the npm scripts they call exist', () => {
    for (const s of ['test', 'lint', 'format:check', 'validate', 'synth:check', 'diff', 'build']) expect(scripts[s]).toBeDefined();
  });

  test('GitHub: install, test, manifests up to date; diff posted on pull requests; pulumi preview only with credentials', () => {
    expect(runs(github.jobs.test)).toMatch(
      /npm ci[\s\S]*npm test[\s\S]*npm run lint[\s\S]*npm run format:check[\s\S]*npm run validate[\s\S]*npm run synth:check/,
    );
    expect(github.jobs['manifest-diff'].if).toBe("github.event_name == 'pull_request'");
    expect(github.jobs['manifest-diff'].steps[0].with['fetch-depth']).toBe(0);
    expect(runs(github.jobs['manifest-diff'])).toContain('npm run -s diff -- --base "origin/${BASE_REF}" --format markdown');
    expect(github.jobs['manifest-diff'].permissions['pull-requests']).toBe('write');
    const preview = github.jobs['pulumi-preview'];
    expect(preview.strategy.matrix.stack).toEqual(previewedStacks());
    const pulumiStep = preview.steps.find((s: any) => String(s.uses).startsWith('pulumi/actions@'));
    expect(pulumiStep.with.command).toBe('preview');
    expect(pulumiStep.if).toContain("env.PULUMI_ACCESS_TOKEN != ''");
  });

  test('GitLab: the same, with the diff as a merge request note', () => {
    expect(gitlab.default.before_script.join('\n')).toContain('npm ci');
    expect(gitlab.test.script).toEqual(['npm test', 'npm run lint', 'npm run format:check', 'npm run validate', 'npm run synth:check']);
    expect(gitlab['manifest-diff'].rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(gitlab['manifest-diff'].script.join('\n')).toMatch(
      /npm run -s diff -- --base "origin\/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown[\s\S]*merge_requests\/\$CI_MERGE_REQUEST_IID\/notes/,
    );
    expect(gitlab['pulumi-preview'].rules).toEqual([{ if: '$PULUMI_ACCESS_TOKEN && $KUBECONFIG_DATA' }]);
    expect(gitlab['pulumi-preview'].script.join('\n')).toContain('pulumi preview --stack "$STACK"');
    expect(gitlab['pulumi-preview'].parallel.matrix).toEqual([{ STACK: previewedStacks() }]);
  });

  test('the pulumi preview matrices list every namespaced environment of the registry (npm run workflows)', () => {
    for (const [file, content] of generateWorkflows()) expect([file, fs.readFileSync(path.join(__dirname, '..', file), 'utf8')]).toEqual([file, content]);
  });

  test('every previewed stack has its Pulumi.<stack>.yaml selecting the environment of that name', () => {
    for (const stack of previewedStacks()) {
      const config = parse(fs.readFileSync(path.join(__dirname, '..', `Pulumi.${stack}.yaml`), 'utf8'));
      expect([stack, config.config['keelson:environment']]).toEqual([stack, stack]);
    }
  });
});
