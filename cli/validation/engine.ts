import { RenderedObjects } from '../../render';
import { validateObject } from './schemas';
import { objectRules, referenceRules } from './api-rules';
import { describeObject, Located, namespaceOf, podTemplateOf } from './objects';
import { annotationException, PolicyException, policyExceptions } from './policy/exceptions';
import { PolicyRule, RULES } from './policy/rules';
import { ValidationError, ValidationReport, Violation, WaivedViolation } from './report';

/** One rendered environment and the facts about it the policy needs. */
export interface EnvironmentUnderTest {
  readonly rendered: RenderedObjects;
  /** High-availability rules apply. */
  readonly production: boolean;
  /** Namespaces must be isolated by default-deny NetworkPolicies. */
  readonly networkIsolation: boolean;
}

export interface PolicyOptions {
  readonly rules?: readonly PolicyRule[];
  readonly exceptions?: readonly PolicyException[];
}

/** Every object of an environment with its chart and effective namespace. */
export function locate(r: RenderedObjects): Located[] {
  return r.charts.flatMap((c) => c.objects.map((object) => ({ env: r.env, chart: c.name, object, namespace: namespaceOf(object, c.namespace) })));
}

/** Schema, API-server rules and policy over rendered environments. Pure: reads and writes nothing. */
export function validateRendered(envs: readonly EnvironmentUnderTest[], options: PolicyOptions = {}): ValidationReport {
  const rules = options.rules ?? RULES;
  const exceptions =
    options.exceptions ?? policyExceptions(envs.map((e) => ({ env: e.rendered.env, networkIsolation: e.networkIsolation, charts: e.rendered.charts })));
  const used = new Set<PolicyException>();
  const errors: ValidationError[] = [];
  const violations: Violation[] = [];
  const waived: WaivedViolation[] = [];
  let objects = 0;

  for (const env of envs) {
    const all = locate(env.rendered);
    objects += all.length;
    const ctx = { env: env.rendered.env, production: env.production, networkIsolation: env.networkIsolation, all };
    for (const l of all) {
      const object = describeObject(l);
      for (const e of validateObject(l.object)) errors.push({ check: 'schema', object, field: e.path || '(object)', message: e.message });
      for (const e of [...objectRules(l.object), ...referenceRules(l, all)]) errors.push({ check: 'api', object, ...e });
      const annotations = podTemplateOf(l.object)?.annotations ?? {};
      for (const rule of rules) {
        for (const hit of rule.check(l, ctx)) {
          const v: Violation = { rule: rule.id, object, field: hit.field, message: hit.message, fix: rule.fix };
          const entry = exceptions.find(
            (x) =>
              x.rule === rule.id &&
              x.chart === l.chart &&
              x.kind === l.object.kind &&
              x.name === l.object.metadata.name &&
              (x.environments ?? [l.env]).includes(l.env),
          );
          const reason = entry?.reason ?? annotationException(annotations, rule.id, hit.container);
          if (entry) used.add(entry);
          if (reason !== undefined) waived.push({ ...v, reason });
          else violations.push(v);
        }
      }
    }
  }

  // An exception that waives nothing hides the next real finding on that object: remove it.
  const validated = new Set(envs.map((e) => e.rendered.env));
  exceptions.forEach((x, i) => {
    const applies = (x.environments ?? [...validated]).some((e) => validated.has(e));
    if (applies && !used.has(x)) {
      errors.push({
        check: 'exception',
        object: `exception ${i} (${x.chart} ${x.kind}/${x.name})`,
        field: 'rule',
        message: `waives ${JSON.stringify(x.rule)}, which no longer fires on that object: remove the exception`,
      });
    }
  });
  return { environments: envs.map((e) => e.rendered.env), objects, errors, violations, exceptions: waived };
}
