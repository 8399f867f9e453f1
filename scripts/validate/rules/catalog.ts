// The rules, from their own declarations (rules/all.ts): ids for waivers and configuration, and
// the README's rule table (ruleTableMarkdown), so the two cannot disagree.
import * as all from './all.ts';
import type { Rule, Scope } from './rule.ts';

/** The order of the README's table: by scope, then by id. */
const SCOPE_ORDER: readonly Scope[] = ['rendered-object', 'object', 'place', 'application', 'waiver'];

export const RULES: readonly Rule[] = (Object.values(all) as Rule[]).sort(
  (a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
);

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

const SCOPE_LABEL: Record<Scope, string> = {
  'rendered-object': 'each object of a render',
  object: 'each object',
  place: 'each environment',
  application: 'each Argo CD Application',
  waiver: 'each waiver',
};

export function ruleTableMarkdown(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${SCOPE_LABEL[r.scope]} | ${r.description.replaceAll('|', '\\|')} |`);
  return ['| rule | severity | judged on | what it catches |', '|---|---|---|---|', ...rows].join('\n');
}
