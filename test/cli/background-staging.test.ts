import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackgroundStaging } from '../../cli/background-staging';
import { EnvironmentFiles, listFiles, writeEnvironments } from '../../cli/output';

const env = (name: string, n = 3): EnvironmentFiles => ({
  env: name,
  files: new Map(Array.from({ length: n }, (_, i) => [`${name}/chart-${i % 2}/configmap-${i}.yaml`, `kind: ConfigMap\nmetadata:\n  name: c${i}-${name}\n`])),
});

/** Every file under `root` with its text (the staging folder included, were it left behind). */
const contents = (root: string) => Object.fromEntries(listFiles(root, '.').map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-staging-'));

/** A folder already holding pr-1, what it holds, and a staging over it. */
function overPr1(): { root: string; before: Record<string, string>; staging: BackgroundStaging } {
  const root = fresh();
  writeEnvironments(root, [env('pr-1')]);
  return { root, before: contents(root), staging: new BackgroundStaging(root) };
}

describe('BackgroundStaging', () => {
  test('writes what writeEnvironments writes, and nothing is visible before the commit', async () => {
    const [a, b] = [fresh(), fresh()];
    const envs = [env('pr-1'), env('pr-2', 5)];
    writeEnvironments(a, envs);
    const staging = new BackgroundStaging(b);
    for (const e of envs) staging.stage(e);
    expect(fs.readdirSync(b).filter((f) => !f.startsWith('.keelson-tmp-'))).toEqual([]);
    await staging.commit();
    expect(contents(b)).toEqual(contents(a));
    expect(Object.keys(contents(b))).toHaveLength(8);
    expect(fs.readdirSync(b).sort()).toEqual(['pr-1', 'pr-2']);
  });

  test('replaces an environment already there, as writeEnvironments does', async () => {
    const root = fresh();
    writeEnvironments(root, [env('pr-1', 5)]);
    const staging = new BackgroundStaging(root);
    staging.stage(env('pr-1', 2));
    await staging.commit();
    expect(Object.keys(contents(root)).sort()).toEqual(['pr-1/chart-0/configmap-0.yaml', 'pr-1/chart-1/configmap-1.yaml']);
  });

  test('dispose leaves the folder as it was, staging folder included', async () => {
    const { root, before, staging } = overPr1();
    staging.stage(env('pr-1', 1));
    staging.stage(env('pr-2'));
    await staging.dispose();
    expect(contents(root)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['pr-1']);
  });

  test('a failed write fails the commit and changes nothing', async () => {
    const { root, before, staging } = overPr1();
    staging.stage(env('pr-1', 1));
    // a file where the next environment needs a folder
    staging.stage({ env: 'pr-2', files: new Map([['pr-2/x', 'a file\n']]) });
    staging.stage({ env: 'pr-3', files: new Map([['pr-2/x/y.yaml', 'under a file\n']]) });
    await expect(staging.commit()).rejects.toThrow(/^writing the staged environments failed: EEXIST/);
    expect(contents(root)).toEqual(before);
    expect(fs.readdirSync(root)).toEqual(['pr-1']);
  });

  test('refuses an environment staged twice, or after the commit', async () => {
    const staging = new BackgroundStaging(fresh());
    staging.stage(env('pr-1'));
    expect(() => staging.stage(env('pr-1'))).toThrow('BackgroundStaging: environment names must be unique; got pr-1 twice');
    await staging.commit();
    expect(() => staging.stage(env('pr-2'))).toThrow('BackgroundStaging: staged after commit or dispose');
  });
});
