// Terraform checked by the real terraform: `fmt -check` and `init` + `validate`, offline.
import { dirname, join } from 'node:path';
import { findTool, missingTool } from '../../../lib/tools.ts';
import { emptyResult, type Check, type CheckResult, type SourceFile } from '../../types.ts';
import { terraformEnv } from './cli-config.ts';
import { checkFormat } from './fmt.ts';
import { validateModule } from './validate.ts';

const isTerraform = (f: SourceFile): boolean => /\.tf(vars)?(\.json)?$/.test(f.path) && !f.path.split('/').includes('.terraform');

/** Directories that are not inside another one of the list, so `fmt -recursive` sees each file once. */
function outermost(dirs: string[]): string[] {
  return dirs.filter((d) => !dirs.some((o) => o !== d && (o === '.' || d.startsWith(o + '/'))));
}

export const terraformCheck: Check = {
  id: 'terraform',
  description: 'Terraform with terraform fmt -check and terraform init -backend=false + validate, offline',
  async run(ctx): Promise<CheckResult> {
    const files = ctx.files.filter(isTerraform);
    if (!files.length) return emptyResult();
    const terraform = await findTool('terraform');
    if (!terraform) return { findings: [], skipped: [missingTool('terraform-fmt', 'terraform'), missingTool('terraform-validate', 'terraform')] };
    const tf = await terraformEnv();
    const abs = (rel: string): string => (rel === '.' ? ctx.root : join(ctx.root, ...rel.split('/')));
    const result: CheckResult = emptyResult();

    const wanted = new Set(files.map((f) => f.path));
    const dirs = [...new Set(files.map((f) => dirname(f.path)))].sort();
    for (const dir of outermost(dirs)) result.findings.push(...(await checkFormat(terraform, ctx.root, abs(dir), wanted, tf.env)));

    const moduleDirs = [...new Set(files.filter((f) => /\.tf(\.json)?$/.test(f.path)).map((f) => dirname(f.path)))].sort();
    for (const dir of moduleDirs) {
      const r = await validateModule(terraform, ctx.root, abs(dir), tf);
      result.findings.push(...r.findings);
      result.skipped.push(...r.skipped);
    }
    return result;
  },
};
