// Which rules run where, at which severity: validate.config.yaml's `rules:` section and the
// --enable-rule/--disable-rule flags, as layers applied in order (later ones win).
import { didYouMean } from '../did-you-mean.ts';
import { CONFIG_FILE, UsageError } from '../config.ts';
import { globToRegExp } from '../discover.ts';
import type { RuleLayer, RuleSettings, Severity, ValidateConfig } from '../types.ts';
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

/** Every rule id named in the settings is a rule; a misspelt one is a usage error that says where and what was meant. */
export function checkRuleIds(settings: RuleSettings, known: ReadonlySet<string>): void {
  for (const layer of settings.layers) {
    for (const id of [...layer.disable, ...layer.enable, ...Object.keys(layer.severity)]) {
      if (known.has(id)) continue;
      const where = layer.at?.[id] ?? CONFIG_FILE;
      throw new UsageError(`${where}: unknown rule "${id}"${didYouMean(id, known)}; the rules are listed in the README's rule table`);
    }
  }
}

/**
 * The configuration with --enable-rule/--disable-rule applied after validate.config.yaml's own
 * settings (they win everywhere), and every rule id checked.
 */
export function withRuleFlags(config: ValidateConfig, flags: { enable: readonly string[]; disable: readonly string[] }, known: ReadonlySet<string>): ValidateConfig {
  const layers = [...(config.rules?.layers ?? [])];
  if (flags.enable.length > 0 || flags.disable.length > 0) {
    const at: Record<string, string> = {};
    for (const id of flags.disable) at[id] = '--disable-rule';
    for (const id of flags.enable) at[id] = '--enable-rule';
    layers.push({ enable: [...flags.enable], disable: [...flags.disable], severity: {}, at });
  }
  const rules: RuleSettings = { layers, podMakers: config.rules?.podMakers ?? [] };
  checkRuleIds(rules, known);
  return { ...config, rules };
}
