// The Logstash check: the pipeline parses, every plugin is one Logstash has in that section, every
// setting is one the plugin accepts, and every required setting is there.
import { basename } from 'node:path';
import { didYouMean } from '../../../lib/did-you-mean.ts';
import type { Check, CheckResult, Finding, SourceFile } from '../../types.ts';
import { cachedCheckResult, packageIdentity } from '../result-cache.ts';
import type { Attribute, PluginNode, SectionKind } from './ast.ts';
import { parseLogstash } from './parse.ts';
import { CODECS, COMMON_OPTIONS, PLUGINS, VALUES_BY_SETTING, type PluginSpec } from './plugins.ts';
import { plugins, setting } from './query.ts';

const SECTIONS: SectionKind[] = ['input', 'filter', 'output'];
const TABLE_FILE = 'scripts/validate/checks/logstash/plugins.ts';

export function isLogstashConfig(file: SourceFile): boolean {
  return file.kind === 'logstash' || /^logstash.*\.conf$/.test(basename(file.path));
}

function finding(file: string, at: { line: number; column: number }, rule: string, message: string): Finding {
  return { file, line: at.line, column: at.column, severity: 'error', rule, message };
}

function checkCodec(file: string, attr: Attribute, out: Finding[]): void {
  const v = attr.value;
  const name = v.type === 'bareword' || v.type === 'string' ? v.value : v.type === 'plugin' ? v.name : null;
  if (name === null) {
    out.push(finding(file, v.loc, 'logstash-option', `codec must be a codec name (e.g. json) or a codec block (json { ... }), not a ${v.type}`));
  } else if (!CODECS.includes(name)) {
    out.push(finding(file, v.loc, 'logstash-plugin', `unknown codec "${name}"${didYouMean(name, CODECS)}`));
  }
}

/** A setting with a fixed list of values holds one of them (values from `${VAR}` are only known at run time). */
function checkValue(file: string, section: SectionKind, plugin: PluginNode, spec: PluginSpec, attr: Attribute, out: Finding[]): void {
  const allowed = spec.values?.[attr.name] ?? VALUES_BY_SETTING[attr.name];
  const v = attr.value;
  if (!allowed || (v.type !== 'string' && v.type !== 'bareword' && v.type !== 'number')) return;
  const given = v.type === 'number' ? v.raw : v.value;
  if (given.includes('${') || allowed.includes(given)) return;
  out.push(finding(file, v.loc, 'logstash-value', `${section} plugin "${plugin.name}" setting "${attr.name}" must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(given)}${didYouMean(given, allowed)}`));
}

function checkPlugin(file: string, section: SectionKind, plugin: PluginNode, out: Finding[]): void {
  const spec = PLUGINS[section][plugin.name];
  if (!spec) {
    const elsewhere = SECTIONS.filter((s) => s !== section && PLUGINS[s][plugin.name]);
    const hint = elsewhere.length
      ? ` ("${plugin.name}" is known here as ${elsewhere.map((s) => `an ${s}`).join(' and ')} plugin; if Logstash has it as ${section === 'input' ? 'an' : 'a'} ${section} plugin, add it to ${TABLE_FILE})`
      : didYouMean(plugin.name, Object.keys(PLUGINS[section])) ||
        ` (not among the ${section} plugins this checker knows; if Logstash has it, add it to ${TABLE_FILE})`;
    out.push(finding(file, plugin.loc, 'logstash-plugin', `unknown ${section} plugin "${plugin.name}"${hint}`));
    return;
  }
  const known = [...COMMON_OPTIONS[section], ...spec.options];
  for (const attr of plugin.attributes) {
    if (!known.includes(attr.name)) {
      out.push(finding(file, attr.loc, 'logstash-option', `${section} plugin "${plugin.name}" has no setting "${attr.name}"${didYouMean(attr.name, known)}`));
    } else if (attr.name === 'codec') checkCodec(file, attr, out);
    else checkValue(file, section, plugin, spec, attr, out);
  }
  for (const required of spec.required ?? []) {
    if (!plugin.attributes.some((a) => a.name === required)) {
      out.push(finding(file, plugin.loc, 'logstash-option', `${section} plugin "${plugin.name}" is missing its required setting "${required}"`));
    }
  }
}

/** Checks one pipeline's text; exported for tests and for other checks that hold a pipeline in memory. */
export function checkLogstashText(file: string, text: string): Finding[] {
  const parsed = parseLogstash(text);
  if (!parsed.ok) return [finding(file, parsed.error, 'logstash-syntax', `syntax error: ${parsed.error.message}`)];
  const out: Finding[] = [];
  const ids = new Map<string, PluginNode>();
  for (const use of plugins(parsed.config)) {
    checkPlugin(file, use.section, use.plugin, out);
    // Logstash refuses to start a pipeline in which two plugins share an id.
    const id = setting(use.plugin, 'id');
    if (typeof id !== 'string' || id.includes('${')) continue;
    const first = ids.get(id);
    if (first) out.push(finding(file, use.plugin.loc, 'logstash-duplicate-id', `plugin id "${id}" is already used by "${first.name}" at line ${first.loc.line}; ids must be unique in a pipeline`));
    else ids.set(id, use.plugin);
  }
  return out;
}

export const logstashCheck: Check = {
  id: 'logstash',
  description: 'Logstash pipelines with a grammar of the config language and a table of known plugins and settings',
  async run(ctx): Promise<CheckResult> {
    const files = ctx.files.filter(isLogstashConfig);
    if (!files.length) return { findings: [], skipped: [] };
    // A pipeline's verdict depends on its text alone; building the parser from the grammar is most of the cost.
    const inputs = [packageIdentity('peggy'), ...files.flatMap((f) => [f.path, f.text])];
    return cachedCheckResult('logstash', inputs, ctx.options.cache, async () => ({ findings: files.flatMap((f) => checkLogstashText(f.path, f.text)), skipped: [] }));
  },
};
