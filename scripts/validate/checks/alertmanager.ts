// Alertmanager configs (a `route` tree and its `receivers`) checked by the real amtool: `amtool
// check-config` parses the config as Alertmanager does, so it finds unknown fields, receivers a route
// names but nobody defines, and settings a receiver lacks. Cached on content like promtool's results.
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { findTool, missingTool, runTool } from '../../lib/tools.ts';
import { emptyResult, type Check, type CheckResult, type Context, type Finding, type SourceFile } from '../types.ts';
import { inputsKey } from './promtool/inputs.ts';
import { parsePromtoolOutput } from './promtool/output.ts';
import { prometheusKind } from './promtool/select.ts';
import { ResultCache, toolIdentity } from './result-cache.ts';

const toPosix = (p: string): string => p.split(sep).join('/');

/**
 * amtool's output in the shape promtool's parser reads: `Checking 'f'  FAILED: msg` becomes `f: msg`
 * (so `yaml: unmarshal errors:` and its `line N:` lines are located), and the summary lines go.
 */
export function normaliseAmtoolOutput(output: string): string {
  return output
    .split('\n')
    .filter((l) => !/^amtool: error: failed to validate|^Found:|^ - /.test(l))
    .map((l) => {
      const m = /^Checking '(.+?)'\s+FAILED: (.*)$/.exec(l);
      if (!m) return l;
      return /^yaml: /.test(m[2]!) ? `${m[1]}: ${m[2]}` : m[2]!;
    })
    .join('\n');
}

async function checkConfig(amtool: string, ctx: Context, file: SourceFile): Promise<Finding[]> {
  const cwd = dirname(file.absPath);
  const run = await runTool(amtool, ['check-config', basename(file.absPath)], { cwd });
  if (run.exitCode === 0) return [];
  const mapPath = (printed: string): string => {
    const rel = relative(ctx.root, isAbsolute(printed) ? printed : resolve(cwd, printed));
    return rel.startsWith('..') ? printed : toPosix(rel);
  };
  return parsePromtoolOutput(normaliseAmtoolOutput(`${run.stdout}\n${run.stderr}`), { rule: 'amtool-config', file: file.path, text: file.text, mapPath });
}

/**
 * amtool names no line for a URL it cannot use (`unsupported scheme "" for URL`): point at the first
 * `*url:` field whose value has that scheme, so the finding is not at line 0.
 */
export function urlField(text: string, message: string): { line: number; column: number } | Record<string, never> {
  const scheme = /unsupported scheme "([^"]*)" for URL/.exec(message)?.[1];
  if (scheme === undefined) return {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*(?:-\s+)?)(\w*url):\s*['"]?([^'"\s#]*)/.exec(lines[i]!);
    if (!m) continue;
    const valueScheme = /^([A-Za-z][\w+.-]*):\/\//.exec(m[3]!)?.[1] ?? '';
    if (valueScheme === scheme) return { line: i + 1, column: m[1]!.length + 1 };
  }
  return {};
}

const results = new ResultCache<Finding[]>('amtool');

export const alertmanagerCheck: Check = {
  id: 'amtool',
  description: 'Alertmanager configs with amtool check-config',
  async run(ctx): Promise<CheckResult> {
    const configs = ctx.files.filter((f) => prometheusKind(f) === 'alertmanager');
    if (!configs.length) return emptyResult();
    const amtool = await findTool('amtool');
    if (!amtool) return { findings: [], skipped: [missingTool('amtool', 'amtool')] };
    const identity = await toolIdentity(amtool);
    const findings: Finding[] = [];
    for (const file of configs) {
      const key = inputsKey(identity, 'alertmanager', file);
      let found = await results.get(key, ctx.options.cache);
      if (!found) {
        found = await checkConfig(amtool, ctx, file);
        await results.set(key, found, ctx.options.cache);
      }
      // Located after the cache, so results cached before this locator existed are located too.
      findings.push(...found.map((f) => (f.line === 0 && f.file === file.path ? { ...f, ...urlField(file.text, f.message) } : f)));
    }
    return { findings, skipped: [] };
  },
};
