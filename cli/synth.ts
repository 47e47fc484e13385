import { ConfigError } from '../constructs/common/errors';
import { ENVIRONMENTS, getEnvironment } from '../stacks/environments';
import { EnvironmentConfig } from '../stacks/types';
import { DOCS_DIR, environmentDocs } from './overview/docs';
import { emitSynthesis } from './synth-emit';
import { PlatformBuilder, RenderedObjects, renderEnvironments } from '../render';
import { ApiFinding, objectRules } from './validation/api-rules';
import { Json } from './validation/objects';
import { Synthesis, SynthCache } from './synth-cache';

export interface SynthOptions {
  /** Environments to synthesize. @default all */
  readonly envs?: readonly string[];
  /** Output root. @default 'manifests' */
  readonly outDir?: string;
  /** Folder of the environment pages (topology and budget), written with the manifests. @default 'docs/environments' */
  readonly docsDir?: string;
  /** Only compare with what is on disk; write nothing. @default false */
  readonly check?: boolean;
  readonly log?: (line: string) => void;
  /** Environment configurations to synthesize instead of the registered ones (tests). @default undefined */
  readonly environments?: readonly EnvironmentConfig[];
  /** How an environment's construct tree is built (tests inject broken trees). @default buildPlatform */
  readonly build?: PlatformBuilder;
  /**
   * Where a successful rendering is kept and looked up (the `keelson` command passes one keyed
   * by its bundle); ignored with `environments` or `build`. @default undefined (always render)
   */
  readonly cache?: SynthCache;
}

/** An object the API server would refuse, found by the rules `keelson validate` reports with. */
export class ApiServerRuleError extends ConfigError {
  constructor(env: string, chart: string, object: string, finding: ApiFinding) {
    super({ environment: env, component: 'chart', path: chart, field: `${object} ${finding.field}`, value: undefined, expected: finding.message });
    // The finding already quotes the value it refuses.
    this.message = `chart '${chart}' (${env}): ${object} ${finding.field}: ${finding.message} (the API server would refuse it)`;
  }
}

/**
 * Synth writes nothing the API server would refuse: the per-object rules of `keelson validate`
 * (name, label and annotation syntax, port and container names …) run on every rendered object,
 * and the first finding stops the run, so an invalid object is never committed for Argo CD.
 */
export function refuseWhatTheApiServerRefuses(rendered: readonly RenderedObjects[]): void {
  for (const r of rendered) {
    for (const chart of r.charts) {
      for (const o of chart.objects) {
        const [finding] = objectRules(o as Json);
        if (!finding) continue;
        throw new ApiServerRuleError(r.env, chart.name, `${o.kind}/${o.metadata.name}`, finding);
      }
    }
  }
}

/** Renders and validates the environments; throws a ConfigError on bad configuration. */
function render(options: SynthOptions): Synthesis {
  const envs = options.environments ?? (options.envs?.length ? options.envs.map(getEnvironment) : ENVIRONMENTS);
  const rendered = renderEnvironments(envs, options.build);
  refuseWhatTheApiServerRefuses(rendered);
  return {
    environments: rendered.map((r) => ({
      env: r.env,
      charts: r.charts.length,
      objects: r.charts.reduce((m, c) => m + c.objects.length, 0),
      files: r.files,
    })),
    pages: environmentDocs(rendered),
  };
}

/** Synthesizes environments into `<outDir>/<env>/<chart>/…`; returns the process exit code. */
export function synth(options: SynthOptions = {}): number {
  const log = options.log ?? ((l: string) => console.log(l));
  const outDir = options.outDir ?? 'manifests';
  const started = process.hrtime.bigint();
  const docsDir = options.docsDir ?? DOCS_DIR;
  // Tests that inject environments or a tree builder render what no bundle digest describes.
  const cache = options.environments === undefined && options.build === undefined ? options.cache : undefined;
  let synthesis = cache?.read();
  const cached = synthesis !== undefined;
  if (!synthesis) {
    try {
      // Every environment is built and validated before a single file is touched.
      synthesis = render(options);
    } catch (e) {
      if (e instanceof ConfigError) {
        log(`error: ${e.message}`);
        log('nothing was written');
        return 1;
      }
      throw e;
    }
    cache?.write(synthesis);
  }
  // Only a run over every registered environment may remove pages of environments it did not render.
  const complete = !options.envs?.length && options.environments === undefined;
  return emitSynthesis(synthesis, { outDir, docsDir, check: options.check ?? false, complete, cached, started, log });
}
