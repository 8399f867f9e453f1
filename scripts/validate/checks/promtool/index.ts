// Prometheus files checked by the real promtool: server configs (`check config`, which also checks the
// rule files they load), rule files (`check rules`) and rule unit tests (`test rules`). Findings are
// cached on the content of each file and what it loads (inputs.ts) and on promtool's identity, so an
// unchanged file costs no promtool process.
import { rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findTool, missingTool, runTool } from '../../../lib/tools.ts';
import { emptyResult, type Check, type CheckResult, type Context, type Finding, type SourceFile } from '../../types.ts';
import { ResultCache, toolIdentity } from '../result-cache.ts';
import { copyConfigForPromtool } from './config-copy.ts';
import { inputsKey } from './inputs.ts';
import { parsePromtoolOutput } from './output.ts';
import { prometheusKind } from './select.ts';

const toPosix = (p: string): string => p.split(sep).join('/');

/** Maps a path promtool printed (relative to its cwd, or absolute, maybe inside a temp copy) to the repository. */
function pathMapper(ctx: Context, cwd: string, checked: SourceFile, tempDir?: string) {
  return (printed: string): string => {
    const abs = isAbsolute(printed) ? printed : resolve(cwd, printed);
    if (tempDir && abs === join(tempDir, basename(checked.absPath))) return checked.path;
    const real = tempDir && abs.startsWith(tempDir + sep) ? join(dirname(checked.absPath), relative(tempDir, abs)) : abs;
    const rel = relative(ctx.root, real);
    return rel.startsWith('..') ? printed : toPosix(rel);
  };
}

async function checkConfig(promtool: string, ctx: Context, file: SourceFile, ruleFiles: Set<string>): Promise<Finding[]> {
  const copy = await copyConfigForPromtool(file.path, file.absPath, file.text);
  try {
    const run = await runTool(promtool, ['check', 'config', basename(copy.config)], { cwd: copy.dir });
    if (run.exitCode === 0) return copy.findings;
    const findings = parsePromtoolOutput(`${run.stdout}\n${run.stderr}`, {
      rule: 'promtool-config',
      file: file.path,
      text: file.text,
      mapPath: pathMapper(ctx, copy.dir, file, copy.dir),
    });
    // A broken rule file is reported once, by its own `check rules`, when it is being validated too.
    return [
      ...copy.findings,
      ...findings
        .filter((f) => f.file === file.path || !ruleFiles.has(f.file))
        .map((f) => (f.file === file.path ? f : { ...f, rule: 'promtool-rules' })),
    ];
  } finally {
    await rm(copy.dir, { recursive: true, force: true });
  }
}

async function checkWith(promtool: string, ctx: Context, file: SourceFile, args: string[], rule: string): Promise<Finding[]> {
  const cwd = dirname(file.absPath);
  const run = await runTool(promtool, [...args, basename(file.absPath)], { cwd });
  if (run.exitCode === 0) return [];
  return parsePromtoolOutput(`${run.stdout}\n${run.stderr}`, { rule, file: file.path, text: file.text, mapPath: pathMapper(ctx, cwd, file) });
}

const results = new ResultCache<Finding[]>('promtool');

export const promtoolCheck: Check = {
  id: 'promtool',
  description: 'Prometheus configs, rule files and rule unit tests with promtool',
  async run(ctx): Promise<CheckResult> {
    const kinds = ctx.files.flatMap((file) => {
      const kind = prometheusKind(file);
      return kind && kind !== 'alertmanager' ? [{ file, kind }] : [];
    });
    if (!kinds.length) return emptyResult();
    const promtool = await findTool('promtool');
    if (!promtool) return { findings: [], skipped: [missingTool('promtool', 'promtool')] };
    const ruleFiles = new Set(kinds.filter((x) => x.kind === 'rules').map((x) => x.file.path));
    const identity = await toolIdentity(promtool);
    const findings: Finding[] = [];
    for (const { file, kind } of kinds) {
      // Which rule files are validated too changes what a config's check reports.
      const key = inputsKey(identity, kind === 'config' ? `config ${[...ruleFiles].sort().join(' ')}` : kind, file);
      let found = await results.get(key, ctx.options.cache);
      if (!found) {
        if (kind === 'config') found = await checkConfig(promtool, ctx, file, ruleFiles);
        else if (kind === 'rules') found = await checkWith(promtool, ctx, file, ['check', 'rules'], 'promtool-rules');
        else found = await checkWith(promtool, ctx, file, ['test', 'rules'], 'promtool-test');
        await results.set(key, found, ctx.options.cache);
      }
      findings.push(...found);
    }
    return { findings, skipped: [] };
  },
};
