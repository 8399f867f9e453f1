// `npm run tf -- [<env>] <init|plan|apply|test|validate|fmt> [terraform flags...]`: terraform in
// terraform/ with the files of one environment (terraform/environments/<env>/) filled in, and with
// providers from the offline mirror when this machine has one. Every command it runs is printed
// first, so what it does can be typed by hand (terraform/README.md lists the same commands).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TERRAFORM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'terraform');
const OFFLINE_CONFIG = join(TERRAFORM_DIR, 'offline.tfrc');
const DEFAULT_MIRROR = '/opt/tf-plugins';
const COMMANDS = ['init', 'plan', 'apply', 'test', 'validate', 'fmt'] as const;
type Command = (typeof COMMANDS)[number];
/** fmt and validate read no environment's files, so the environment may be left out. */
const WITHOUT_ENV: readonly Command[] = ['fmt', 'validate'];

const USAGE = 'usage: npm run tf -- <env> <init|plan|apply|test|validate|fmt> [terraform flags...]';

class UsageError extends Error {}

const isCommand = (word: string | undefined): word is Command => COMMANDS.includes(word as Command);

function environments(): string[] {
  return readdirSync(join(TERRAFORM_DIR, 'environments'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export interface Invocation {
  env: string | null;
  command: Command;
  extra: string[];
}

export function parseInvocation(argv: readonly string[]): Invocation {
  const known = environments();
  const [first, second, ...rest] = argv;
  if (isCommand(first) && WITHOUT_ENV.includes(first)) return { env: null, command: first, extra: argv.slice(1) };
  if (first === undefined || first === '-h' || first === '--help') throw new UsageError(`environments: ${known.join(', ')}`);
  if (!known.includes(first)) {
    throw new UsageError(isCommand(first) ? `${first} needs an environment first: ${known.join(', ')}` : `unknown environment "${first}"; choose from ${known.join(', ')} (terraform/environments/)`);
  }
  if (!isCommand(second)) throw new UsageError(second === undefined ? 'missing command' : `unknown command "${second}"; choose from ${COMMANDS.join(', ')}`);
  return { env: first, command: second, extra: rest };
}

/** Where providers come from, and the environment that makes terraform use it. */
export function providerSource(base: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; description: string; cleanup: () => void } {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: '1' };
  const named = base.TF_CLI_CONFIG_FILE;
  if (named && existsSync(named)) return { env, description: `the CLI config ${named} (TF_CLI_CONFIG_FILE)`, cleanup: () => {} };
  const home = join(homedir(), '.terraformrc');
  if (!named && existsSync(home)) return { env, description: `the CLI config ${home}`, cleanup: () => {} };
  const mirror = base.TF_PLUGIN_MIRROR || (existsSync(DEFAULT_MIRROR) ? DEFAULT_MIRROR : null);
  if (mirror === DEFAULT_MIRROR) return { env: { ...env, TF_CLI_CONFIG_FILE: OFFLINE_CONFIG }, description: `the mirror ${mirror} (TF_CLI_CONFIG_FILE=terraform/offline.tfrc)`, cleanup: () => {} };
  if (mirror) {
    // Same file with the mirror's path: one source for what an offline configuration says.
    const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
    const file = join(dir, 'offline.tfrc');
    writeFileSync(file, readFileSync(OFFLINE_CONFIG, 'utf8').replace(`"${DEFAULT_MIRROR}"`, JSON.stringify(mirror)));
    return { env: { ...env, TF_CLI_CONFIG_FILE: file }, description: `the mirror ${mirror} (TF_PLUGIN_MIRROR)`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  // A TF_CLI_CONFIG_FILE naming no file makes terraform warn on every command; the registry needs none.
  const { TF_CLI_CONFIG_FILE: _missing, ...rest } = env;
  return { env: rest, description: `the registry${named ? ` (TF_CLI_CONFIG_FILE=${named} does not exist, so it is ignored)` : ''}`, cleanup: () => {} };
}

const has = (extra: readonly string[], flag: string): boolean => extra.some((a) => a === flag || a.startsWith(`${flag}=`));

/** The variable files of an environment: its committed settings, then the site's own (or the example). */
function siteVarFile(env: string, allowExample: boolean): string | null {
  const own = `environments/${env}/site.tfvars`;
  if (existsSync(join(TERRAFORM_DIR, own))) return own;
  return allowExample ? `environments/${env}/site.example.tfvars` : null;
}

/** The terraform argument list for an invocation (relative to terraform/). */
export function terraformArgs({ env, command, extra }: Invocation, processEnv: NodeJS.ProcessEnv = process.env): string[] {
  switch (command) {
    case 'fmt':
      return ['fmt', '-recursive', ...extra];
    case 'validate':
      return ['validate', ...extra];
    case 'init':
      // -reconfigure: one checkout switches between environments' backends without a state migration.
      return has(extra, '-backend') ? ['init', '-input=false', ...extra] : ['init', '-input=false', '-reconfigure', `-backend-config=environments/${env}/backend.hcl`, ...extra];
    case 'test': {
      // The mocked provider needs some admin and CIDR values; the example's serve when the site has none.
      const site = siteVarFile(env!, true)!;
      return ['test', `-var-file=environments/${env}/terraform.tfvars`, `-var-file=${site}`, ...extra];
    }
    case 'plan': {
      const site = siteVarFile(env!, false);
      if (!site && !(processEnv.TF_VAR_admin_role_arn && processEnv.TF_VAR_public_access_cidrs)) {
        throw new UsageError(
          `plan needs who administers the ${env} cluster: copy terraform/environments/${env}/site.example.tfvars to site.tfvars and set admin_role_arn and public_access_cidrs, or export TF_VAR_admin_role_arn and TF_VAR_public_access_cidrs`,
        );
      }
      return ['plan', '-input=false', `-var-file=environments/${env}/terraform.tfvars`, ...(site ? [`-var-file=${site}`] : []), `-out=${env}.tfplan`, ...extra];
    }
    case 'apply':
      if (!existsSync(join(TERRAFORM_DIR, `${env}.tfplan`))) throw new UsageError(`no saved plan terraform/${env}.tfplan: run npm run tf -- ${env} plan first, read it, then apply`);
      return ['apply', '-input=false', ...extra, `${env}.tfplan`];
  }
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('terraform', args, { cwd: TERRAFORM_DIR, env, stdio: 'inherit' });
    // Terraform stops cleanly on one interrupt (it releases the state lock) but aborts at once on a
    // second. Ctrl-C already reaches it through the terminal's process group, so SIGINT is not
    // passed on, only waited out; SIGTERM (sent to this process alone) is passed on.
    process.on('SIGINT', () => {});
    process.once('SIGTERM', () => void child.kill('SIGTERM'));
    child.on('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(error.code === 'ENOENT' ? 'tf: terraform is not on the PATH; install terraform 1.11+: https://developer.hashicorp.com/terraform/install\n' : `tf: could not start terraform: ${error.message}\n`);
      resolve(2);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 143)));
  });
}

async function main(): Promise<number> {
  let args: string[];
  try {
    args = terraformArgs(parseInvocation(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`tf: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const source = providerSource(process.env);
  try {
    process.stderr.write(`tf: providers from ${source.description}\ntf: (cd terraform && terraform ${args.join(' ')})\n`);
    return await run(args, source.env);
  } finally {
    source.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
