import { parsePipeline } from '../../constructs/logstash/config/parse';
import { Plugin, SectionType, Statement, Value } from '../../constructs/logstash/config/model';
import { Obj } from './harness';

/** Every plugin called `name` in a section of a shipped pipeline file, conditionals included. */
export function pluginsIn(text: string, section: SectionType, name: string): Plugin[] {
  const walk = (body: readonly Statement[]): Plugin[] =>
    body.flatMap((s) => (s.kind === 'plugin' ? [s] : [...s.branches.flatMap((b) => walk(b.body)), ...walk(s.otherwise ?? [])]));
  return parsePipeline(text)
    .sections.filter((s) => s.type === section)
    .flatMap((s) => walk(s.body))
    .filter((p) => p.name === name);
}

/** An attribute as a plain value (strings, numbers, barewords; arrays of them). */
export function attrOf(p: Plugin, name: string): unknown {
  const plain = (v: Value): unknown => (v.kind === 'array' ? v.items.map(plain) : 'value' in v ? v.value : v);
  const a = p.attributes.find((x) => x.name === name);
  return a === undefined ? undefined : plain(a.value);
}

/** The pipeline files (`*.conf`) of a ConfigMap. */
export function pipelineFiles(cm: Obj): [string, string][] {
  return Object.entries(cm.data as Record<string, string>).filter(([f]) => f.endsWith('.conf'));
}
