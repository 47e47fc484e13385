import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ARGOCD_VERSION } from '../../constructs/argocd/application';

/**
 * The e2e's reading of Argo CD's own log (test/e2e/argocd.mjs waves). The lines are in the form
 * Argo CD v3.6.1 writes them with --logformat json: gitops-engine's pkg/sync/sync_context.go
 * logs "Creating namespace" (field task) for the destination Namespace before the dry run and
 * "Wet-run" (field tasks) for every pass, each task printed by syncTask.String
 * (pkg/sync/sync_task.go) as "<phase>/<wave> resource <group>/<kind>:<namespace>/<name>
 * <live>-><target> (...)"; the application field is Argo CD's util/app/log GetAppLogFields.
 */
const line = (msg: string, field: 'task' | 'tasks', value: string) =>
  JSON.stringify({ 'app-namespace': 'argocd', application: 'x-ci', level: 'debug', msg, project: 'x', [field]: value });
const namespace = line('Creating namespace', 'task', 'Sync/-2 resource /Namespace:/x-ci nil->obj (,,)');
const configMap = (wave: number) => line('Wet-run', 'tasks', `[Sync/${wave} resource /ConfigMap:x-ci/settings nil->obj (,,)]`);

function waves(log: string[]): { order: Record<string, string[]>; errors: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-waves-'));
  const chart = path.join(dir, 'manifests/x/ci');
  fs.mkdirSync(chart, { recursive: true });
  fs.writeFileSync(
    path.join(chart, 'namespace-x-ci.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x-ci\n  annotations:\n    argocd.argoproj.io/sync-wave: "-2"\n',
  );
  fs.writeFileSync(path.join(chart, 'configmap-settings.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
  const app = {
    metadata: { name: 'x-ci' },
    spec: { source: { path: 'manifests/x/ci' }, destination: { namespace: 'x-ci' } },
    status: { operationState: { phase: 'Succeeded' } },
  };
  fs.writeFileSync(path.join(dir, 'apps.json'), JSON.stringify({ items: [app] }));
  fs.writeFileSync(path.join(dir, 'controller.log'), log.join('\n') + '\n');
  const out = execFileSync('node', ['test/e2e/argocd.mjs', 'waves', path.join(dir, 'controller.log'), dir, path.join(dir, 'apps.json')], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true });
  return JSON.parse(out);
}

describe('the e2e check of the waves Argo CD applied', () => {
  test('the declared waves, lowest first, each with the objects that declare it', () => {
    expect(waves([namespace, configMap(0)])).toEqual({ order: { 'x-ci': ['-2', '0'] }, errors: [] });
  });

  test('a later wave applied first fails', () => {
    expect(waves([configMap(0), namespace]).errors).not.toEqual([]);
  });

  test('an object applied in another wave than it declares fails', () => {
    expect(waves([namespace, configMap(1)]).errors).toContain('x-ci: applied /ConfigMap/settings in wave 1; it declares 0');
  });

  test('a declared wave never applied fails', () => {
    expect(waves([configMap(0)]).errors).toContain('x-ci: its first sync did not apply /Namespace/x-ci (wave -2)');
  });

  test('the e2e builds the Argo CD release the manifests target', () => {
    const env = fs.readFileSync('test/e2e/versions.env', 'utf8');
    expect(env.match(/^ARGOCD_VERSION=(\S+)$/m)?.[1]).toBe(ARGOCD_VERSION);
  });
});
