// Terraform checked by the real terraform: `fmt -check` and `init` + `validate`, offline, with providers
// from a filesystem mirror only and nothing downloaded (see cli-config.ts and modules.ts).
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findTool, missingTool } from '../../../lib/tools.ts';
import { emptyResult, type Check, type CheckResult, type Finding, type SourceFile } from '../../types.ts';
import { cacheKey } from '../../cache.ts';
import { ResultCache, toolIdentity } from '../result-cache.ts';
import { terraformEnv } from './cli-config.ts';
import { checkFormat } from './fmt.ts';
import { imdsHopLimitFindings } from './imds.ts';
import { validateModule, type TerraformRun } from './validate.ts';

const isTerraform = (f: SourceFile): boolean => /\.tf(vars)?(\.json)?$/.test(f.path) && !f.path.split('/').includes('.terraform');

/** Directories that are not inside another one of the list, so `fmt -recursive` sees each file once. */
function outermost(dirs: string[]): string[] {
  return dirs.filter((d) => !dirs.some((o) => o !== d && (o === '.' || d.startsWith(o + '/'))));
}

/** Names, sizes and modification times of the mirror's files: a provider added to it changes what init installs. */
async function fingerprint(dir: string | null, depth = 0): Promise<string> {
  if (!dir || depth > 8) return '';
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    return `unreadable ${(e as NodeJS.ErrnoException).code ?? ''}`; // init then reports what is missing
  }
  const parts: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) parts.push(`${e.name}/{${await fingerprint(path, depth + 1)}}`);
    else {
      const info = await stat(path);
      parts.push(`${e.name}:${info.size}:${info.mtimeMs}`);
    }
  }
  return parts.join(',');
}

const formatResults = new ResultCache<Finding[]>('terraform-fmt');

export const terraformCheck: Check = {
  id: 'terraform',
  description: 'Terraform with terraform fmt -check and terraform init -backend=false + validate, offline (providers from a filesystem mirror only)',
  async run(ctx): Promise<CheckResult> {
    const files = ctx.files.filter(isTerraform);
    if (!files.length) return emptyResult();
    // Text-level: judged whether or not terraform is installed.
    const hardening = imdsHopLimitFindings(files);
    const terraform = await findTool('terraform');
    if (!terraform) return { findings: hardening, skipped: [missingTool('terraform-fmt', 'terraform'), missingTool('terraform-validate', 'terraform')] };
    const tf = await terraformEnv();
    try {
      const version = await toolIdentity(terraform);
      const run: TerraformRun = { terraform, version, tf, mirrorFingerprint: await fingerprint(tf.mirror) };
      const abs = (rel: string): string => (rel === '.' ? ctx.root : join(ctx.root, ...rel.split('/')));
      const result: CheckResult = emptyResult();
      result.findings.push(...hardening);

      const wanted = new Set(files.map((f) => f.path));
      const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
      for (const dir of outermost(dirs)) {
        const below = files.filter((f) => dir === '.' || f.path.startsWith(`${dir}/`));
        const key = cacheKey('fmt', version, dir, ...below.flatMap((f) => [f.path, f.text]));
        let findings = await formatResults.get(key, ctx.options.cache);
        if (!findings) {
          findings = await checkFormat(terraform, ctx.root, abs(dir), wanted, tf.env);
          await formatResults.set(key, findings, ctx.options.cache);
        }
        result.findings.push(...findings);
      }

      const moduleDirs = [...new Set(files.filter((f) => /\.tf(\.json)?$/.test(f.path)).map((f) => dirname(f.path)))].sort();
      for (const dir of moduleDirs) {
        const r = await validateModule(run, ctx.root, abs(dir), ctx.options.cache);
        result.findings.push(...r.findings);
        result.skipped.push(...r.skipped);
      }
      return result;
    } finally {
      await tf.dispose();
    }
  },
};
