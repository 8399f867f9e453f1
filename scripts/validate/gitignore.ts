// Whether a path of the tree is one its .gitignore files list: such paths are made at run time
// (a directory Docker creates for a bind mount, a build output), so their absence from a checkout is
// expected. Matched with `ignore`, the gitignore matcher eslint and prettier use. git itself is never
// run on the tree: a checkout's own config can make git run programs.
import { lstatSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** A .gitignore larger than this is not read (real ones are a few kilobytes). */
const MAX_GITIGNORE_BYTES = 1 << 20;

/** The rules of `dir`/.gitignore, or null when there is none (a symlink or oversized file counts as none). */
function rulesOf(dir: string, matchers: Map<string, Ignore | null>): Ignore | null {
  let rules = matchers.get(dir);
  if (rules !== undefined) return rules;
  const path = join(dir, '.gitignore');
  rules = null;
  try {
    const stat = lstatSync(path);
    if (stat.isFile() && stat.size <= MAX_GITIGNORE_BYTES) rules = ignore().add(readFileSync(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && (e as NodeJS.ErrnoException).code !== 'ENOTDIR') throw e;
  }
  matchers.set(dir, rules);
  return rules;
}

/**
 * A test of whether the .gitignore files between `root` and `path` (absolute; it need not exist)
 * ignore it, as a file or as a directory. A deeper .gitignore overrides a shallower one, as in git.
 * Each .gitignore is read once per matcher.
 */
export function gitIgnored(root: string): (path: string) => boolean {
  const matchers = new Map<string, Ignore | null>();
  return (path) => isIgnored(root, path, matchers);
}

function isIgnored(root: string, path: string, matchers: Map<string, Ignore | null>): boolean {
  const fromRoot = relative(root, path);
  if (!fromRoot || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return false;
  const dirs: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root || relative(root, dir).startsWith('..') || dir === dirname(dir)) break;
  }
  let ignored = false;
  for (const dir of dirs) {
    const rules = rulesOf(dir, matchers);
    if (!rules) continue;
    const rel = relative(dir, path).split(sep).join('/');
    for (const candidate of [rel, `${rel}/`]) {
      const verdict = rules.test(candidate);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
      else continue;
      break;
    }
  }
  return ignored;
}
