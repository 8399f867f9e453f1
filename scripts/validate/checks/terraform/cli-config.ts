// The terraform the validator runs installs providers from a filesystem mirror and from nowhere else.
// A tree being validated is not trusted: a `required_providers` source on any host would otherwise be
// downloaded and then executed by `terraform validate`. So the validator never hands terraform the
// user's CLI config (which may allow `direct` installation); it writes its own, with a filesystem
// mirror for every provider and no `direct` block, into a private directory made for this run.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerraformEnv {
  env: NodeJS.ProcessEnv;
  /** Where providers come from, for messages; null when no mirror was found (init then installs nothing). */
  providerSource: string | null;
  /** The mirror directory, or null. */
  mirror: string | null;
  /** The CLI config written for this run, part of every cache key. */
  cliConfig: string;
  /** This run's private directory (mode 0700): the CLI config, HOME, and the module copies live here. */
  runDir: string;
  /** Removes runDir. */
  dispose(): Promise<void>;
}

/** Where a provider mirror is looked for when the environment names none. */
export const DEFAULT_MIRROR = '/opt/tf-plugins';

/** The CLI config terraform would read for the user: TF_CLI_CONFIG_FILE, else ~/.terraformrc. */
function userCliConfig(env: NodeJS.ProcessEnv): string | null {
  const named = env.TF_CLI_CONFIG_FILE;
  if (named) return existsSync(named) ? named : null;
  const rc = join(env.HOME || homedir(), '.terraformrc');
  return existsSync(rc) ? rc : null;
}

/**
 * The first `filesystem_mirror { path = "..." }` of a CLI config. Only the path is taken from the
 * user's config; its `direct` and `network_mirror` blocks are deliberately not.
 */
export function mirrorOfCliConfig(text: string): string | null {
  const block = /filesystem_mirror\s*\{[^}]*?\bpath\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (!block) return null;
  try {
    return JSON.parse(`"${block[1]}"`) as string; // HCL's string escapes are JSON's for a path
  } catch {
    return block[1]!; // an escape JSON does not know: take the path as written
  }
}

/** The mirror: $TF_PLUGIN_MIRROR, else the user's CLI config's filesystem mirror, else /opt/tf-plugins if present. */
export function findMirror(base: NodeJS.ProcessEnv): string | null {
  if (base.TF_PLUGIN_MIRROR) return base.TF_PLUGIN_MIRROR;
  const config = userCliConfig(base);
  if (config) {
    const fromConfig = mirrorOfCliConfig(readFileSync(config, 'utf8'));
    if (fromConfig) return fromConfig;
  }
  return existsSync(DEFAULT_MIRROR) ? DEFAULT_MIRROR : null;
}

/**
 * Every provider from the mirror, nothing from anywhere else: with a provider_installation block that
 * has no `direct` (and no network_mirror), terraform has no way to reach a registry.
 */
export function cliConfigText(mirror: string): string {
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["*/*/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** What terraform gets from the caller's environment: enough to run, no credentials, no TF_* settings. */
const PASSED_ON = ['PATH', 'LANG', 'LC_ALL', 'TZ'];

/**
 * A private run directory and an environment for terraform: the CLI config above (a mirror that does
 * not exist is fine: init then fails for any provider and says so), HOME inside the run directory so
 * that no ~/.terraform.d of the user's is read, and none of the caller's other variables.
 */
export async function terraformEnv(base: NodeJS.ProcessEnv = process.env): Promise<TerraformEnv> {
  const runDir = await mkdtemp(join(tmpdir(), 'validate-terraform-')); // mkdtemp creates it 0700
  const mirror = findMirror(base);
  const cliConfig = cliConfigText(mirror ?? join(runDir, 'no-mirror'));
  const file = join(runDir, 'offline.tfrc');
  await writeFile(file, cliConfig, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_ON) if (base[name] !== undefined) env[name] = base[name];
  Object.assign(env, {
    HOME: runDir,
    TMPDIR: runDir,
    TF_CLI_CONFIG_FILE: file,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  });
  return {
    env,
    providerSource: mirror ? `the filesystem mirror ${mirror}` : null,
    mirror,
    cliConfig,
    runDir,
    dispose: () => rm(runDir, { recursive: true, force: true }),
  };
}
