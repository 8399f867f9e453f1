// index-mismatch: Logstash writes to the environment's index, and the index template covers it
// (otherwise the ECS mapping never applies and fields are mapped dynamically).
// An index changed in scripts/environments.ts and not regenerated is one finding at the source's
// literal (layers/source-change.ts); an output edited by hand is one finding where it is written.
import { option, strings } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { logstashPluginsOf, type PluginIn } from './pipelines.ts';
import type { ConfigText, Place } from './place.ts';
import { handEdit, sourceChange, type Use } from './source-change.ts';

const glob = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The concrete name an index option produces: its sprintf date suffix (`-%{+YYYY.MM.dd}`) stands for any text. */
const indexMatches = (index: string, expected: string): boolean => index === expected || new RegExp(`^${expected.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}-%\\{[^}]+\\}$`).test(index);

interface Template {
  file: string;
  patterns: string[];
}

function templatesOf(place: Place): Template[] {
  return place
    .filesNamed(/index[-_]?template.*\.json$/i)
    .flatMap((t: ConfigText) => {
      try {
        const doc = JSON.parse(t.text) as { index_patterns?: unknown };
        const patterns = Array.isArray(doc.index_patterns) ? doc.index_patterns : [doc.index_patterns];
        return [{ file: t.file, patterns: patterns.filter((p): p is string => typeof p === 'string') }];
      } catch {
        return []; // the JSON check reports it
      }
    })
    .filter((t) => t.patterns.length > 0);
}

const outputIndex = (out: PluginIn) => {
  const opt = option(out.plugin, 'index') ?? option(out.plugin, 'ilm_rollover_alias');
  return { index: strings(opt?.value)[0], at: out.config.at(opt ? { line: opt.line, column: opt.column } : { line: out.plugin.line, column: 1 }) };
};

/** Every place of the environment that names its index: the outputs, and the templates that cover it. */
function uses(places: readonly Place[], index: string): Use[] {
  return places.flatMap((q) => [
    ...logstashPluginsOf(q, 'output', 'elasticsearch').flatMap((out) => {
      const o = outputIndex(out);
      return o.index === undefined ? [] : [{ value: o.index, at: o.at, agrees: indexMatches(o.index, index) }];
    }),
    ...templatesOf(q).flatMap((t) =>
      t.patterns.map((p) => ({ value: p.replace(/-?\*$/, ''), at: q.filesNamed(/index[-_]?template.*\.json$/i).find((c) => c.file === t.file)?.at(p) ?? { file: t.file, line: 1, column: 1 }, agrees: [index, `${index}-000001`].some((n) => glob(p).test(n)) })),
    ),
  ]);
}

export default defineRule({
  id: 'index-mismatch',
  severity: 'error',
  description: "Logstash's Elasticsearch output index is not the environment's index (scripts/environments.ts), or no index template's index_patterns cover it.",
  scope: 'place',
  run({ place, places, facts, factsFile, ctx, report }) {
    const templates = templatesOf(place);
    const changed = facts?.index === undefined ? undefined : sourceChange('index-mismatch', 'Elasticsearch index', place.env, facts.index, facts.at?.index, factsFile, uses(places, facts.index));
    if (changed) report(changed.at, changed.message, [], { environmentWide: true, ...changed.links });
    for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
      const { index, at } = outputIndex(out);
      const who = `Logstash's elasticsearch output (${out.config.key})`;
      if (index === undefined) {
        report(at, `${who} sets no index, so it writes to Logstash's default index instead of ${facts?.index ? `"${facts.index}"` : "the environment's index"}`, out.config.scope);
        continue;
      }
      if (facts?.index !== undefined && !indexMatches(index, facts.index)) {
        const edit = changed ? { hint: '', links: changed.consequence } : handEdit(ctx, at, index, facts.index, factsFile);
        report(at, `${who} writes to index "${index}", but ${place.env}'s index is "${facts.index}" (${factsFile})${edit.hint}`, out.config.scope, edit.links);
        continue;
      }
      // A rollover alias (`dev-logs-index`) writes to `<alias>-000001`, `-000002`, …: the template must
      // match those backing indices; a dated name stands for any date.
      const concrete = index.replace(/%\{[^}]*\}/g, 'x');
      const names = [concrete, `${concrete}-000001`];
      const covering = templates.filter((t) => t.patterns.some((p) => names.some((n) => glob(p).test(n))));
      if (templates.length > 0 && covering.length === 0) {
        const all = templates.map((t) => `${t.patterns.join(', ')} (${t.file})`).join('; ');
        report(at, `${who} writes to index "${index}", which no index template's index_patterns cover: ${all}`, out.config.scope);
      }
    }
  },
});
