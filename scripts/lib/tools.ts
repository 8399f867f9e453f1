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

/** A command run to its end (or killed at its time limit): code null when a signal ended it. */
export interface BoundedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they arrived (two pipes: near, not exactly, the order written): what a person reading a failure wants. */
  output: string;
}

export interface BoundedOptions {
  cwd?: string;
  /** The command's whole environment (not merged with this process's); this process's when unset. */
  env?: NodeJS.ProcessEnv;
  /** Its standard input; none when unset. */
  input?: string;
  timeoutMs: number;
  /** What ends it at the time limit: SIGKILL for programs that may ignore SIGTERM (a wedged JVM, a shell waiting on one). */
  timeoutSignal?: NodeJS.Signals;
}

/**
 * Runs a command to its end and collects its output, never throwing on a non-zero exit: a hung or
 * refused program must not hang its caller, so at `timeoutMs` zx ends it (and its children) and the
 * output says so. Every bounded child process of the toolchain and the harnesses goes through here.
 */
export async function runBounded(cmd: string, args: readonly string[], opts: BoundedOptions): Promise<BoundedRun> {
  const { $ } = await import('zx');
  const signal = opts.timeoutSignal ?? 'SIGTERM';
  const out = await $({
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    quiet: true,
    nothrow: true,
    timeout: opts.timeoutMs,
    timeoutSignal: signal,
  })`${cmd} ${args}`;
  const killed = out.signal === signal && out.duration >= opts.timeoutMs ? `\n(${cmd} killed after ${opts.timeoutMs} ms)` : '';
  return { code: out.exitCode, stdout: out.stdout, stderr: out.stderr + killed, output: out.stdall + killed };
}

/** Runs a command without throwing on a non-zero exit; the caller interprets the exit code. */
export async function runTool(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ToolRun> {
  const run = await runBounded(cmd, args, { ...opts, timeoutMs: opts.timeoutMs ?? 120_000 });
  return { exitCode: run.code ?? 1, stdout: run.stdout, stderr: run.stderr };
}
