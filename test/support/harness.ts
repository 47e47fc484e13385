import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ENVIRONMENT_CONTEXT } from '../../constructs/common/errors';

export type Obj = Record<string, any>;

/** Builds constructs in a fresh chart (optionally tagged with an environment) and returns its objects. */
export function synthesize(build: (chart: Chart) => void, env?: string): Obj[] {
  const app = new App();
  if (env) app.node.setContext(ENVIRONMENT_CONTEXT, env);
  const chart = new Chart(app, 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}

/** A chart to build into without synthesizing (for error tests). */
export function scope(env = 'test'): Construct {
  const app = new App();
  app.node.setContext(ENVIRONMENT_CONTEXT, env);
  return new Chart(app, 'test', { disableResourceNameHashes: true });
}

export function find(objects: Obj[], kind: string, name: string): Obj {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} named ${name}; have: ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
}

export function kinds(objects: Obj[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
}

/** The first container of a workload's pod template with the given name. */
export function containerOf(workload: Obj, name: string): Obj {
  const c = workload.spec.template.spec.containers.find((x: Obj) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** Deep-clones and applies `mutate`, for deriving bad inputs from good ones. */
export function variant<T>(good: T, mutate: (draft: any) => void): T {
  const draft = structuredClone(good);
  mutate(draft);
  return draft;
}

/** Unwraps cdk8s value objects (IntOrString, Quantity) in raw L1 props, as synthesis would. */
export function plain(v: unknown): any {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'value') return (v as { value: unknown }).value;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, plain(x)]),
    );
  }
  return v;
}
