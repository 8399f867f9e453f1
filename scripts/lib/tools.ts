// Locating and running the external validators (kubectl, terraform, promtool, shellcheck, ...).
// Every external call goes through here so that a missing tool is reported the same way everywhere.

export interface ToolRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How to install each external tool on Debian, for the "check did not run" notice. */
export const INSTALL_HINTS: Record<string, string> = {
  kubectl: 'install kubectl (it carries kustomize): https://kubernetes.io/docs/tasks/tools/',
  kustomize: 'install kubectl or kustomize: https://kubectl.docs.kubernetes.io/installation/kustomize/',
  terraform: 'install terraform 1.11+: https://developer.hashicorp.com/terraform/install',
  promtool: 'apt-get install -y prometheus',
  prometheus: 'apt-get install -y prometheus',
  amtool: 'apt-get install -y prometheus-alertmanager',
  shellcheck: 'apt-get install -y shellcheck',
  kcat: 'apt-get install -y kcat',
  yamllint: 'apt-get install -y yamllint',
  helm: 'install helm 3: https://helm.sh/docs/intro/install/ (Debian bookworm does not package it)',
};

/** Absolute path of `name` on the PATH, or null. */
export async function findTool(name: string): Promise<string | null> {
  // zx is loaded on first use: most validate runs on a few files never start a tool, and loading
  // it costs a measurable share of start-up.
  const { which } = await import('zx');
  return which(name, { nothrow: true });
}

/** A check that did not run because its tool is missing (the validator's SkippedCheck). */
export interface MissingTool {
  check: string;
  reason: string;
  fix: string;
}

export function missingTool(check: string, tool: string): MissingTool {
  return {
    check,
    reason: `${tool} is not on the PATH`,
    fix: INSTALL_HINTS[tool] ?? `install ${tool}`,
  };
}

/** Runs a command without throwing on a non-zero exit; the caller interprets the exit code. */
export async function runTool(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ToolRun> {
  const { $ } = await import('zx');
  const p = $({
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    quiet: true,
    nothrow: true,
    timeout: opts.timeoutMs ?? 120_000,
  })`${cmd} ${args}`;
  const out = await p;
  return { exitCode: out.exitCode ?? 1, stdout: out.stdout, stderr: out.stderr };
}
