// `terraform init -backend=false` + `terraform validate -json`, offline and without touching the checkout:
// each module directory is copied to a temp dir (a committed .terraform.lock.hcl comes along, so the
// pinned provider hashes are honoured), and TF_DATA_DIR points at a per-directory cache under the OS
// temp dir, so a rerun finds its providers already installed.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { runTool } from '../../../lib/tools.ts';
import type { Finding, Severity, SkippedCheck } from '../../types.ts';
import type { TerraformEnv } from './cli-config.ts';

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
      // not a JSON line (terraform prints CLI-config warnings as text)
    }
  }
  return out;
}

function message(d: Diagnostic): string {
  const detail = (d.detail ?? '').replace(/\s+/g, ' ').trim();
  return detail ? `${d.summary}: ${detail}` : d.summary;
}

/**
 * Where an init failure that names no file belongs: the `source = "ns/name"` of the provider the message
 * names, else the file declaring required_providers, else the module's first .tf file.
 */
async function initFailureLocation(dir: string, relDir: string, why: string): Promise<{ file: string; line: number; column: number }> {
  const tfFiles = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
  const provider = /provider (?:registry\.terraform\.io\/)?([\w-]+\/[\w-]+)/.exec(why)?.[1];
  const at = (name: string, line: number, column: number) => ({ file: relDir === '.' ? name : `${relDir}/${name}`, line, column });
  let fallback: { file: string; line: number; column: number } | null = null;
  for (const name of tfFiles) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (provider && new RegExp(`source\\s*=\\s*"(registry\\.terraform\\.io/)?${provider}"`).test(l)) return at(name, i + 1, l.search(/\S/) + 1);
      if (!fallback && l.includes('required_providers')) fallback = at(name, i + 1, l.search(/\S/) + 1);
    }
  }
  return fallback ?? at(tfFiles[0] ?? '', 0, 0);
}

export interface ModuleResult {
  findings: Finding[];
  skipped: SkippedCheck[];
}

/** Validates the module in `dir` (absolute); `root` is the repository, for relative paths. */
export async function validateModule(terraform: string, root: string, dir: string, tf: TerraformEnv): Promise<ModuleResult> {
  const relDir = toPosix(relative(root, dir)) || '.';
  const toFinding = (d: Diagnostic, rule: string): Finding => ({
    file: d.range ? toPosix(join(relDir, d.range.filename)).replace(/^\.\//, '') : relDir,
    line: d.range?.start.line ?? 0,
    column: d.range?.start.column ?? 0,
    severity: d.severity as Severity,
    rule,
    message: message(d),
  });

  const work = await mkdtemp(join(tmpdir(), 'validate-terraform-'));
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const dataDir = join(tmpdir(), 'validate-terraform', 'data', key);
  await mkdir(dataDir, { recursive: true });
  const env = { ...tf.env, TF_DATA_DIR: dataDir };
  try {
    const copy = join(work, basename(dir));
    // Subdirectories come along for local modules (source = "./modules/x"); state and caches do not.
    await cp(dir, copy, {
      recursive: true,
      filter: (src) => !/(^|[/\\])(\.terraform|terraform\.tfstate[^/\\]*)$/.test(src),
    });
    const init = await runTool(terraform, ['init', '-backend=false', '-input=false', '-no-color', '-json'], { cwd: copy, env, timeoutMs: 300_000 });
    if (init.exitCode !== 0) {
      const errors = initDiagnostics(init.stdout).filter((d) => d.severity === 'error');
      const located = errors.filter((d) => d.range);
      if (located.length) return { findings: located.map((d) => toFinding(d, 'terraform-validate')), skipped: [] };
      const why = errors.map(message).join('; ') || init.stderr.trim() || `exit code ${init.exitCode}`;
      if (!tf.providerSource) {
        return {
          findings: [],
          skipped: [{
            check: 'terraform-validate',
            reason: `terraform init failed in ${relDir} with no offline provider source: ${why}`,
            fix: 'point TF_PLUGIN_MIRROR at a filesystem mirror of the providers (e.g. /opt/tf-plugins), or TF_CLI_CONFIG_FILE at a CLI config with provider_installation',
          }],
        };
      }
      // With a working offline source, what init cannot install is what the configuration asks for.
      const where = await initFailureLocation(dir, relDir, why);
      return {
        findings: [{ ...where, severity: 'error', rule: 'terraform-init', message: `terraform init failed (providers come from ${tf.providerSource}): ${why}` }],
        skipped: [],
      };
    }
    const run = await runTool(terraform, ['validate', '-json', '-no-color'], { cwd: copy, env, timeoutMs: 300_000 });
    let report: { diagnostics?: Diagnostic[] };
    try {
      report = JSON.parse(run.stdout) as { diagnostics?: Diagnostic[] };
    } catch {
      throw new Error(`terraform validate in ${relDir} printed no JSON (exit ${run.exitCode}): ${run.stderr.trim()}`);
    }
    return { findings: (report.diagnostics ?? []).map((d) => toFinding(d, 'terraform-validate')), skipped: [] };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
