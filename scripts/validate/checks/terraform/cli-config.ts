// Makes terraform install providers without the registry: validate runs offline, in CI and on laptops.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerraformEnv {
  env: NodeJS.ProcessEnv;
  /** Where providers come from, for messages; null when terraform is left to reach the registry. */
  providerSource: string | null;
}

/** Where a provider mirror is looked for when the environment names none. */
export const DEFAULT_MIRROR = '/opt/tf-plugins';

/** The CLI config terraform would read: TF_CLI_CONFIG_FILE, else ~/.terraformrc. */
function existingCliConfig(env: NodeJS.ProcessEnv): string | null {
  const named = env.TF_CLI_CONFIG_FILE;
  if (named) return existsSync(named) ? named : null;
  const rc = join(homedir(), '.terraformrc');
  return existsSync(rc) ? rc : null;
}

export function cliConfigText(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * An environment for terraform: the user's CLI config when one exists; otherwise a config that
 * installs from $TF_PLUGIN_MIRROR or /opt/tf-plugins. Without either, terraform falls back to the
 * registry, and a failed init is then reported as an environment problem rather than a finding.
 */
export async function terraformEnv(base: NodeJS.ProcessEnv = process.env): Promise<TerraformEnv> {
  const env: NodeJS.ProcessEnv = { ...base, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const existing = existingCliConfig(base);
  if (existing) return { env: { ...env, TF_CLI_CONFIG_FILE: existing }, providerSource: `the CLI config ${existing}` };
  const mirror = base.TF_PLUGIN_MIRROR || (existsSync(DEFAULT_MIRROR) ? DEFAULT_MIRROR : null);
  if (!mirror) {
    const { TF_CLI_CONFIG_FILE: _unset, ...rest } = env;
    return { env: rest, providerSource: null };
  }
  const dir = join(tmpdir(), 'validate-terraform');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'offline.tfrc');
  await writeFile(file, cliConfigText(mirror));
  return { env: { ...env, TF_CLI_CONFIG_FILE: file }, providerSource: `the filesystem mirror ${mirror}` };
}
