import { ConfigError } from '../constructs/common/errors';
import { ENVIRONMENTS, getEnvironment } from '../stacks/environments';
import { EnvironmentConfig } from '../stacks/types';
import { buildPlatform } from '../stacks/platform';
import { isProduction } from '../stacks/facts';
import { CollisionError, PlatformBuilder, renderEnvironmentWith } from '../render';
import { EnvironmentUnderTest, PolicyOptions, validateRendered } from './validation/engine';
import { formatReport, isClean, ValidationError, ValidationReport } from './validation/report';

export interface ValidateOptions extends PolicyOptions {
  /** Environments to validate. @default all */
  readonly envs?: readonly string[];
  /** Environment configurations to validate instead of the registered ones (tests). */
  readonly environments?: readonly EnvironmentConfig[];
  /** How an environment's construct tree is built (tests inject broken trees). @default buildPlatform */
  readonly build?: PlatformBuilder;
  /** @default 'text' */
  readonly format?: 'text' | 'json';
  /** List the justified exceptions with their reasons in the text report (JSON always has them). @default false */
  readonly showExceptions?: boolean;
  readonly log?: (line: string) => void;
}

/** Renders environments in memory and checks them; an environment that fails to build is reported, the others still checked. */
export function validationReport(options: ValidateOptions = {}): ValidationReport {
  const envs = options.environments ?? (options.envs?.length ? options.envs.map(getEnvironment) : ENVIRONMENTS);
  const build = options.build ?? buildPlatform;
  const buildErrors: ValidationError[] = [];
  const under: EnvironmentUnderTest[] = [];
  for (const env of envs) {
    try {
      under.push({ rendered: renderEnvironmentWith(env, build), production: isProduction(env), networkIsolation: env.networkIsolation });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const d = e.details;
      buildErrors.push({ check: e instanceof CollisionError ? 'collision' : 'config', object: `${env.name}/${d.path}`, field: d.field, message: e.message });
    }
  }
  const report = validateRendered(under, options);
  return { ...report, environments: envs.map((e) => e.name), errors: [...buildErrors, ...report.errors] };
}

/** `keelson validate`: prints the report; exit 0 when clean, 1 on any error or violation or a configuration error. */
export function validate(options: ValidateOptions = {}): number {
  const log = options.log ?? ((l: string) => console.log(l));
  let report: ValidationReport;
  try {
    report = validationReport(options);
  } catch (e) {
    if (e instanceof ConfigError) {
      log(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (options.format === 'json') log(JSON.stringify(report, null, 2));
  else formatReport(report, { exceptions: options.showExceptions }).forEach((l) => log(l));
  return isClean(report) ? 0 : 1;
}
