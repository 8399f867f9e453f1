// Which rules run where, at which severity: validate.config.yaml's `rules:` section and the
// --enable-rule/--disable-rule flags, as layers applied in order (later ones win).
import { globToRegExp } from '../discover.ts';
import type { RuleLayer, RuleSettings, Severity } from '../types.ts';
import type { Rule } from './rule.ts';
import type { SeverityOf } from './sink.ts';

interface CompiledLayer {
  matches: (file: string) => boolean;
  layer: RuleLayer;
}

function compile(layer: RuleLayer): CompiledLayer {
  if (!layer.files) return { matches: () => true, layer };
  const globs = layer.files.map(globToRegExp);
  return { matches: (file) => globs.some((g) => g.test(file)), layer };
}

/** A rule's severity in a file, after every layer that applies to the file. */
export function severityOf(rules: readonly Rule[], settings: RuleSettings | undefined): SeverityOf {
  const defaults = new Map(rules.map((r) => [r.id, r.severity]));
  const layers = (settings?.layers ?? []).map(compile);
  if (layers.length === 0) return (rule) => defaults.get(rule) ?? 'error';
  const cache = new Map<string, Severity | 'off'>();
  return (rule, file) => {
    const key = `${rule}\0${file}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let on = true;
    let severity: Severity = defaults.get(rule) ?? 'error';
    for (const { matches, layer } of layers) {
      if (!matches(file)) continue;
      if (layer.disable.includes(rule)) on = false;
      if (layer.enable.includes(rule)) on = true;
      const s = layer.severity[rule];
      if (s) severity = s;
    }
    const result = on ? severity : 'off';
    cache.set(key, result);
    return result;
  };
}
