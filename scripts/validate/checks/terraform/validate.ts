// `terraform init -backend=false` + `terraform validate -json`, offline and without touching the checkout.
//
// Each module directory is copied into the run's private directory (regular files only; a committed
// .terraform.lock.hcl comes along, so the pinned provider hashes are honoured), with module calls whose
// source is not a local path blanked out of the copy: terraform never downloads them (see modules.ts).
//
// Two caches make an unchanged tree cheap: the findings of a module, keyed on the content of every file
// copied, the CLI config, the mirror and terraform's version; and the data directory that init
// produced, keyed on what init depends on (the lockfile, the module calls, the CLI config and the
// mirror), so that a changed .tf file costs a validate but not an init.
import { lstatSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { runTool } from '../../../lib/tools.ts';
import type { Finding, Severity, SkippedCheck } from '../../types.ts';
import { cacheDir, cacheKey } from '../../cache.ts';
import { ResultCache } from '../result-cache.ts';
import type { TerraformEnv } from './cli-config.ts';
import { blankOut, isLocalSource, moduleCalls, type ModuleCall } from './modules.ts';

const toPosix = (p: string): string => p.split(sep).join('/');

interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number; column: number } };
}

/** Lines of `init -json`: one JSON object per line, diagnostics among them. */
function initDiagnostics(stdout: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
      if (entry.type === 'diagnostic' && entry.diagnostic) out.push(entry.diagnostic);
    } catch {
      continue; // not a JSON line: terraform prints CLI-config warnings as text, and they are not diagnostics of the module
    }
  }
  return out;
}

function message(d: Diagnostic): string {
  const detail = (d.detail ?? '').replace(/\s+/g, ' ').trim();
  return detail ? `${d.summary}: ${detail}` : d.summary;
}

export interface ModuleResult {
  findings: Finding[];
  skipped: SkippedCheck[];
}

/** What terraform runs with, shared by every module of one run. */
export interface TerraformRun {
  terraform: string;
  /** terraform's identity (see toolIdentity), part of every cache key. */
  version: string;
  tf: TerraformEnv;
  /** Names, sizes and times of the mirror's files, part of every cache key. */
  mirrorFingerprint: string;
}

/** Files of a module directory that go into the copy: regular files only (no FIFO, device or symlink out of the tree), no state or caches. */
async function moduleFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!['.terraform', '.git', 'node_modules'].includes(entry.name)) out.push(...(await moduleFiles(dir, path)));
    } else if (entry.isFile() && !/^terraform\.tfstate/.test(entry.name)) out.push(path);
  }
  return out;
}

const isHcl = (path: string): boolean => /\.(tf|tftest\.hcl)$/.test(path);
const isJsonConfig = (path: string): boolean => /\.(tf|tftest)\.json$/.test(path);

/** Remote module calls in a .tf.json file, removed from its JSON; located by where their source string is written. */
function jsonModuleCalls(text: string): { calls: Array<Omit<ModuleCall, 'start' | 'end'>>; copy: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { calls: [], copy: text }; // terraform reports the syntax error itself
  }
  const modules = typeof data === 'object' && data !== null ? (data as { module?: unknown }).module : undefined;
  if (typeof modules !== 'object' || modules === null) return { calls: [], copy: text };
  const calls: Array<Omit<ModuleCall, 'start' | 'end'>> = [];
  for (const [name, body] of Object.entries(modules as Record<string, unknown>)) {
    const source = typeof body === 'object' && body !== null ? (body as { source?: unknown }).source : undefined;
    if (typeof source !== 'string' || isLocalSource(source)) continue;
    const at = text.indexOf(JSON.stringify(source));
    const before = at < 0 ? '' : text.slice(0, at);
    calls.push({ name, source, line: at < 0 ? 1 : before.split('\n').length, column: at < 0 ? 1 : at - before.lastIndexOf('\n') });
    delete (modules as Record<string, unknown>)[name];
  }
  return { calls, copy: calls.length ? JSON.stringify(data, null, 2) : text };
}

interface PreparedCopy {
  /** path → text as terraform will see it. */
  files: Map<string, string | Buffer>;
  remote: Array<{ file: string } & Omit<ModuleCall, 'start' | 'end'>>;
  /** The local module calls, which decide what init installs. */
  local: string[];
}

async function prepareCopy(dir: string): Promise<PreparedCopy> {
  const files = new Map<string, string | Buffer>();
  const remote: PreparedCopy['remote'] = [];
  const local: string[] = [];
  for (const path of await moduleFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    if (isHcl(path)) {
      const text = bytes.toString('utf8');
      const calls = moduleCalls(text);
      const away = calls.filter((c) => !isLocalSource(c.source));
      for (const c of calls) if (isLocalSource(c.source)) local.push(`${path}:${c.name}=${c.source}`);
      for (const { start: _s, end: _e, ...c } of away) remote.push({ file: path, ...c });
      files.set(path, away.length ? blankOut(text, away) : text);
    } else if (isJsonConfig(path)) {
      const { calls, copy } = jsonModuleCalls(bytes.toString('utf8'));
      for (const c of calls) remote.push({ file: path, ...c });
      files.set(path, copy);
    } else files.set(path, bytes);
  }
  return { files, remote, local };
}

/** A diagnostic that means the data directory does not fit the configuration: init must run. */
const NEEDS_INIT = /Module not installed|Missing required provider|Inconsistent dependency lock file|Required plugins are not installed|Module source has changed|Module version requirements have changed|provider .* not available|Failed to load plugin schemas/i;

/** The validate results of one module directory, cached on content. */
const results = new ResultCache<ModuleResult>('terraform-results');

/**
 * Validates the module in `dir` (absolute); `root` is the repository, for relative paths. With
 * `cache` false (`--no-cache`) no kept result or data directory is used and none is kept.
 */
export async function validateModule(run: TerraformRun, root: string, dir: string, cache: boolean): Promise<ModuleResult> {
  const { terraform, tf } = run;
  const relDir = toPosix(relative(root, dir)) || '.';
  const inRepo = (file: string): string => (relDir === '.' ? file : `${relDir}/${file}`);
  const toFinding = (d: Diagnostic, rule: string): Finding => ({
    file: d.range ? toPosix(join(relDir, d.range.filename)).replace(/^\.\//, '') : relDir,
    line: d.range?.start.line ?? 0,
    column: d.range?.start.column ?? 0,
    severity: d.severity as Severity,
    rule,
    message: message(d),
  });

  const copy = await prepareCopy(dir);
  const notChecked: Finding[] = copy.remote.map((c) => ({
    file: inRepo(c.file),
    line: c.line,
    column: c.column,
    severity: 'warning',
    rule: 'terraform-module-not-checked',
    message:
      `module${c.name ? ` "${c.name}"` : ''} comes from "${c.source}", which is not a local path: the validator downloads nothing, ` +
      'so this module is not checked offline (the rest of the configuration is)',
  }));
  // References to a module taken out of the copy are not mistakes of the configuration.
  const taken = new Set(copy.remote.map((c) => c.name).filter(Boolean));
  const aboutTakenModule = (d: Diagnostic): boolean =>
    /undeclared module|Unsupported attribute/.test(d.summary) && [...taken].some((name) => (d.detail ?? '').includes(`"${name}"`) || (d.detail ?? '').includes(`module.${name}`));

  const contents = [...copy.files].flatMap(([path, text]) => [path, text]);
  const resultKey = cacheKey('result', run.version, tf.cliConfig, run.mirrorFingerprint, relDir, ...contents);
  const cached = await results.get(resultKey, cache);
  if (cached) return cached;

  const work = await mkdtemp(join(tf.runDir, 'module-'));
  const copyDir = join(work, 'module');
  for (const [path, text] of copy.files) {
    await mkdir(dirname(join(copyDir, path)), { recursive: true });
    await writeFile(join(copyDir, path), text);
  }
  const lockfile = copy.files.get('.terraform.lock.hcl');
  const initKey = cacheKey('init', run.version, tf.cliConfig, run.mirrorFingerprint, lockfile ?? '', ...copy.local.sort());
  const initCache = await cacheDir('terraform-init', cache);
  const cachedData = initCache ? join(initCache, initKey) : null;
  const envWith = (dataDir: string): NodeJS.ProcessEnv => ({ ...tf.env, TF_DATA_DIR: dataDir });

  try {
    const validate = async (dataDir: string): Promise<Diagnostic[]> => {
      const out = await runTool(terraform, ['validate', '-json', '-no-color'], { cwd: copyDir, env: envWith(dataDir), timeoutMs: 300_000 });
      try {
        return (JSON.parse(out.stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
      } catch {
        throw new Error(`terraform validate in ${relDir} printed no JSON (exit ${out.exitCode}): ${out.stderr.trim()}`);
      }
    };
    const finish = async (diagnostics: Diagnostic[]): Promise<ModuleResult> => {
      const result = { findings: [...notChecked, ...diagnostics.filter((d) => !aboutTakenModule(d)).map((d) => toFinding(d, 'terraform-validate'))], skipped: [] };
      await results.set(resultKey, result, cache);
      return result;
    };

    if (cachedData && isDirectory(cachedData)) {
      const saved = join(cachedData, 'validate-lockfile.hcl');
      if (!lockfile && isFile(saved)) await writeFile(join(copyDir, '.terraform.lock.hcl'), await readFile(saved));
      const diagnostics = await validate(cachedData);
      if (!diagnostics.some((d) => NEEDS_INIT.test(d.summary))) return await finish(diagnostics);
    }

    const dataDir = join(work, 'data');
    await mkdir(dataDir); // a configuration without providers or modules leaves it empty, and that is worth caching too
    const init = await runTool(terraform, ['init', '-backend=false', '-input=false', '-no-color', '-json'], { cwd: copyDir, env: envWith(dataDir), timeoutMs: 300_000 });
    if (init.exitCode !== 0) {
      const errors = initDiagnostics(init.stdout).filter((d) => d.severity === 'error');
      const located = errors.filter((d) => d.range);
      if (located.length) return { findings: [...notChecked, ...located.map((d) => toFinding(d, 'terraform-validate'))], skipped: [] };
      const why = errors.map(message).join('; ') || init.stderr.trim() || `exit code ${init.exitCode}`;
      if (!tf.providerSource) {
        return {
          findings: notChecked,
          skipped: [{
            check: 'terraform-validate',
            reason: `terraform init failed in ${relDir} with no provider mirror: ${why}`,
            fix: 'make a provider mirror (terraform providers mirror -platform=linux_amd64 DIR, where the registry is reachable) and set TF_PLUGIN_MIRROR=DIR, or name one in your CLI config\'s filesystem_mirror',
          }],
        };
      }
      // With a working mirror, what init cannot install is what the configuration asks for.
      const where = initFailureLocation(copy.files, relDir, why);
      return {
        findings: [...notChecked, { ...where, severity: 'error', rule: 'terraform-init', message: `terraform init failed (providers come from ${tf.providerSource} only): ${why}` }],
        skipped: [],
      };
    }
    const diagnostics = await validate(dataDir);
    if (cachedData) await keepInitData(dataDir, cachedData, lockfile ? null : join(copyDir, '.terraform.lock.hcl'));
    return await finish(diagnostics);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const isDirectory = (p: string): boolean => lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const isFile = (p: string): boolean => lstatSync(p, { throwIfNoEntry: false })?.isFile() ?? false;


/** Moves a fresh data directory into the init cache; a concurrent run that got there first wins. */
async function keepInitData(dataDir: string, target: string, createdLockfile: string | null): Promise<void> {
  if (createdLockfile && isFile(createdLockfile)) await writeFile(join(dataDir, 'validate-lockfile.hcl'), await readFile(createdLockfile));
  try {
    await rename(dataDir, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e; // otherwise another run cached the same init first
  }
}

/**
 * Where an init failure that names no file belongs: the `source = "ns/name"` of the provider the message
 * names, else the file declaring required_providers, else the module's first .tf file.
 */
function initFailureLocation(files: Map<string, string | Buffer>, relDir: string, why: string): { file: string; line: number; column: number } {
  const tfFiles = [...files.keys()].filter((n) => n.endsWith('.tf') && !n.includes('/')).sort();
  const provider = /provider (?:[\w.:-]+\/)?([\w-]+\/[\w-]+)/.exec(why)?.[1];
  const at = (name: string, line: number, column: number) => ({ file: relDir === '.' ? name : `${relDir}/${name}`, line, column });
  let fallback: { file: string; line: number; column: number } | null = null;
  for (const name of tfFiles) {
    const lines = String(files.get(name)).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (provider && new RegExp(`source\\s*=\\s*"([\\w.:-]+/)?${provider}"`).test(l)) return at(name, i + 1, l.search(/\S/) + 1);
      if (!fallback && l.includes('required_providers')) fallback = at(name, i + 1, l.search(/\S/) + 1);
    }
  }
  return fallback ?? at(tfFiles[0] ?? '', 0, 0);
}
