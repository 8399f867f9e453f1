// The plugins of a Logstash pipeline and their settings, with positions: what the cross-layer rules
// read (kafka input topics and brokers, elasticsearch output hosts and index). Parsing is the Logstash
// check's grammar; a pipeline that does not parse yields no plugins here, its syntax error is reported
// by that check.
import type { SectionKind } from '../checks/logstash/ast.ts';
import { parseLogstash } from '../checks/logstash/parse.ts';
import { plain, plugins, type PlainValue } from '../checks/logstash/query.ts';

export type LsValue = PlainValue;

export interface LsOption {
  name: string;
  value: LsValue;
  /** Where the value starts. */
  line: number;
  column: number;
}

export interface LsPlugin {
  section: SectionKind;
  name: string;
  line: number;
  options: LsOption[];
}

/** Every plugin of every section, conditionals included. */
export function logstashPlugins(text: string): LsPlugin[] {
  const parsed = parseLogstash(text);
  if (!parsed.ok) return [];
  return plugins(parsed.config).map(({ section, plugin }) => ({
    section,
    name: plugin.name,
    line: plugin.loc.line,
    options: plugin.attributes.map((a) => ({ name: a.name, value: plain(a.value), line: a.value.loc.line, column: a.value.loc.column })),
  }));
}

/** The setting's last occurrence, as Logstash applies it. */
export const option = (p: LsPlugin, name: string): LsOption | undefined => p.options.filter((o) => o.name === name).pop();

/** A string setting or the strings of a list setting (comma-separated strings split too). */
export function strings(v: LsValue | undefined): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof v === 'number') return [String(v)];
  return [];
}
