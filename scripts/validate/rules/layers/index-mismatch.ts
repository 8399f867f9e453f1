// index-mismatch: Logstash writes to the environment's index, and the index template covers it
// (otherwise the ECS mapping never applies and fields are mapped dynamically).
import { option, strings } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { logstashPluginsOf } from './pipelines.ts';

const glob = (pattern: string): RegExp => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The concrete name an index option produces: its sprintf date suffix (`-%{+YYYY.MM.dd}`) stands for any text. */
const indexMatches = (index: string, expected: string): boolean => index === expected || new RegExp(`^${expected.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}-%\\{[^}]+\\}$`).test(index);

export default defineRule({
  id: 'index-mismatch',
  severity: 'error',
  description: "Logstash's Elasticsearch output index is not the environment's index (scripts/environments.ts), or no index template's index_patterns cover it.",
  scope: 'place',
  run({ place, facts, factsFile, report }) {
    const templates = place
      .filesNamed(/index[-_]?template.*\.json$/i)
      .flatMap((t) => {
        try {
          const doc = JSON.parse(t.text) as { index_patterns?: unknown };
          const patterns = Array.isArray(doc.index_patterns) ? doc.index_patterns : [doc.index_patterns];
          return [{ file: t.file, patterns: patterns.filter((p): p is string => typeof p === 'string') }];
        } catch {
          return []; // the JSON check reports it
        }
      })
      .filter((t) => t.patterns.length > 0);
    for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
      const opt = option(out.plugin, 'index') ?? option(out.plugin, 'ilm_rollover_alias');
      const index = strings(opt?.value)[0];
      const at = out.config.at(opt ? { line: opt.line, column: opt.column } : { line: out.plugin.line, column: 1 });
      const who = `Logstash's elasticsearch output (${out.config.key})`;
      if (index === undefined) {
        report(at, `${who} sets no index, so it writes to Logstash's default index instead of ${facts?.index ? `"${facts.index}"` : "the environment's index"}`, out.config.scope);
        continue;
      }
      if (facts?.index !== undefined && !indexMatches(index, facts.index)) {
        report(at, `${who} writes to index "${index}", but ${place.env}'s index is "${facts.index}" (${factsFile})`, out.config.scope);
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
