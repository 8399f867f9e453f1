// `--changed REF`: the files of the tree that differ from a git revision (committed since, staged,
// unstaged or untracked). The path run then adds every kustomization that renders one of them.
// git is told to run nothing the validated tree's configuration names (fsmonitor, external diff,
// textconv): the tree may be anyone's.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from './config.ts';

const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'diff.external='];

function git(root: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...SAFE, '-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new UsageError(`--changed: git ${args.join(' ')} failed: ${(stderr || error.message).trim().split('\n')[0]}`));
      else resolve(stdout);
    });
  });
}

/** Absolute paths to validate: changed files that exist, and the directory of each deleted one (its kustomization may name it). */
export async function changedPaths(root: string, ref: string): Promise<string[]> {
  if (ref.startsWith('-')) throw new UsageError(`--changed ${ref}: not a git revision`);
  const diff = await git(root, ['diff', '--no-ext-diff', '--no-textconv', '--name-only', '--relative', '-z', ref, '--']);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  const names = [...new Set([...diff.split('\0'), ...untracked.split('\0')].filter(Boolean))];
  const out = new Set<string>();
  for (const name of names) {
    let abs = join(root, name);
    while (!existsSync(abs) && abs !== root) abs = dirname(abs);
    if (abs !== root || existsSync(join(root, name))) out.add(abs);
  }
  return [...out].sort();
}
