// Runs the validator exactly as a user does: `npm run validate -- --root <tree> ...` from this
// repository, started in `cwd` (so relative paths mean what they mean to the user there).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** `npm run validate` of this repository with `args` as they are, started in `cwd`. */
export function runNpmValidate(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const r = spawnSync('npm', ['run', '--silent', '--prefix', REPO, 'validate', '--', ...args], { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Validates the tree at `root` through `npm run validate -- --root <root>`, started in that tree. */
export function runValidateCli(root: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  return runNpmValidate(root, ['--root', root, ...args], env);
}

let nodeOnly: string | null = null;

/**
 * A PATH holding only node, npm and sh (symlinked into a private temporary directory), for tests of a
 * run where every external tool is missing: they share /usr/bin with node on most machines.
 */
export function nodeOnlyPath(): string {
  if (!nodeOnly) {
    nodeOnly = mkdtempSync(join(tmpdir(), 'node-only-path-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const npm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
    symlinkSync(realpathSync(npm), join(nodeOnly, 'npm'));
    // npm runs a script through sh, found on the PATH.
    symlinkSync('/bin/sh', join(nodeOnly, 'sh'));
    const dir = nodeOnly;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return nodeOnly;
}
