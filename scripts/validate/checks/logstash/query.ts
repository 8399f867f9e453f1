// Reading a parsed pipeline: the plugins of a section (inside conditionals too) and their settings as plain values.
import type { Config, PluginNode, SectionKind, Statement, Value } from './ast.ts';

export interface PluginUse {
  section: SectionKind;
  plugin: PluginNode;
  /** Inside an if/else branch: the plugin does not see every event. */
  conditional: boolean;
}

function walk(statements: Statement[], section: SectionKind, conditional: boolean, out: PluginUse[]): void {
  for (const s of statements) {
    if (s.type === 'plugin') out.push({ section, plugin: s, conditional });
    else for (const clause of s.clauses) walk(clause.body, section, true, out);
  }
}

/** Every plugin in the pipeline, in order, optionally only one section's and one name's. */
export function plugins(config: Config, section?: SectionKind, name?: string): PluginUse[] {
  const out: PluginUse[] = [];
  for (const s of config.sections) if (!section || s.kind === section) walk(s.body, s.kind, false, out);
  return name ? out.filter((u) => u.plugin.name === name) : out;
}

export type PlainValue = string | number | PlainValue[] | { [key: string]: PlainValue };

/** A value as data: strings, numbers and barewords become strings/numbers; a plugin value becomes its name. */
export function plain(value: Value): PlainValue {
  switch (value.type) {
    case 'string':
    case 'bareword':
      return value.value;
    case 'number':
      return value.value;
    case 'array':
      return value.items.map(plain);
    case 'hash':
      return Object.fromEntries(value.entries.map((e) => [String(e.key.value), plain(e.value)]));
    case 'plugin':
      return value.name;
  }
}

/** The value of a plugin's setting (the last one, if it is repeated), as data. */
export function setting(plugin: PluginNode, name: string): PlainValue | undefined {
  const attr = plugin.attributes.filter((a) => a.name === name).pop();
  return attr ? plain(attr.value) : undefined;
}
