// Runs terraform on a temporary copy of terraform/, offline: the checkout never gets a
// .terraform/ directory, and providers come from a filesystem mirror when one exists.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool, type ToolRun } from '../../scripts/lib/tools.ts';

export const terraformSource = fileURLToPath(new URL('../../terraform', import.meta.url));

/** The offline provider mirror of these machines; CI runners without one use the registry. */
const mirror = process.env.TF_PLUGIN_MIRROR || '/opt/tf-plugins';

export interface Workdir {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: readonly string[]): Promise<ToolRun>;
  remove(): Promise<void>;
}

/** A fresh copy of terraform/ (without .terraform/ or state) and the environment to run terraform in it. */
export async function copyConfiguration(terraform: string): Promise<Workdir> {
  const base = await mkdtemp(join(tmpdir(), 'terraform-test-'));
  const dir = join(base, 'terraform');
  await cp(terraformSource, dir, { recursive: true, filter: (src) => !/(^|\/)(\.terraform|[^/]*\.tfstate[^/]*)$/.test(src) });

  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const userConfig = process.env.TF_CLI_CONFIG_FILE;
  if (userConfig && existsSync(userConfig)) {
    env.TF_CLI_CONFIG_FILE = userConfig;
  } else if (existsSync(mirror)) {
    const config = join(base, 'offline.tfrc');
    await writeFile(
      config,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
    );
    env.TF_CLI_CONFIG_FILE = config;
  } else {
    delete env.TF_CLI_CONFIG_FILE;
  }

  return {
    dir,
    env,
    run: (args) => runTool(terraform, args, { cwd: dir, env, timeoutMs: 300_000 }),
    remove: () => rm(base, { recursive: true, force: true }),
  };
}

/** terraform's -json diagnostics, as `validate -json` prints them. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number; column: number } };
}

export function validateDiagnostics(run: ToolRun): Diagnostic[] {
  const report = JSON.parse(run.stdout) as { valid: boolean; diagnostics?: Diagnostic[] };
  return report.diagnostics ?? [];
}

export const describe = (d: Diagnostic): string =>
  `${d.range ? `${d.range.filename}:${d.range.start.line}:${d.range.start.column} ` : ''}${d.severity} ${d.summary}${d.detail ? `: ${d.detail}` : ''}`;
