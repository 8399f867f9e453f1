// Where the validator keeps what it may reuse between runs (check verdicts, renders, parsed files,
// lists read out of installed packages), and how it writes there. One root, the validator's, never
// the tree's: PLATFORM_VALIDATE_CACHE when set (the tests point it at a temporary directory), else
// $XDG_CACHE_HOME/platform-validate, else node_modules/.cache/platform-validate of the validator's
// own installation, as eslint and babel keep theirs. Its directories are private to the user (0700)
// and refused when another user owns them: a cache others can write is a way to feed the validator
// a verdict.
import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CACHE_ENV = 'PLATFORM_VALIDATE_CACHE';

const INSTALLATION = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The validator's cache root, read from the environment each time (tests change it between runs). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env[CACHE_ENV]) return env[CACHE_ENV];
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'platform-validate');
  return join(INSTALLATION, 'node_modules', '.cache', 'platform-validate');
}

/** Why `dir` cannot be trusted as a private cache, or null when it can. */
function untrusted(dir: string): string | null {
  const info = lstatSync(dir);
  if (!info.isDirectory()) return `${dir} is not a directory`;
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return `${dir} belongs to another user`;
  return null;
}

/** `dir` created (mode 0700) or made private; null, with the reason on stderr, when it cannot be. */
async function privateDir(dir: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const why = untrusted(dir);
    if (why) {
      process.stderr.write(`validate: not caching: ${why}\n`);
      return null;
    }
    if ((lstatSync(dir).mode & 0o077) !== 0) await chmod(dir, 0o700);
    return dir;
  } catch (e) {
    process.stderr.write(`validate: not caching in ${dir}: ${(e as Error).message}\n`);
    return null;
  }
}

const dirs = new Map<string, Promise<string | null>>();

/**
 * The private directory `name` in the cache root, made once per process; null when `cache` is false
 * (`--no-cache`), so nothing is read or made, or when it cannot be trusted (said on stderr).
 */
export function cacheDir(name: string, cache: boolean): Promise<string | null> {
  if (!cache) return Promise.resolve(null);
  const root = cacheRoot();
  const dir = join(root, name);
  let made = dirs.get(dir);
  if (!made) {
    made = privateDir(root).then((r) => (r ? privateDir(dir) : null));
    dirs.set(dir, made);
  }
  return made;
}

/**
 * Writes `data` to `file` aside and renames it into place, so that a run starting meanwhile never
 * reads half a file. The staging file is removed when either step fails, and the error is thrown:
 * each caller says on stderr what was not kept.
 */
export async function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): Promise<void> {
  const staging = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(staging, data, { mode: 0o600 });
    await rename(staging, file);
  } catch (e) {
    await rm(staging, { force: true });
    throw e;
  }
}

/** A key from parts, each length-prefixed so that no two different lists hash alike. */
export function cacheKey(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p) : p;
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest('hex');
}

const hashes = new WeakMap<object, string>();

/** The SHA-256 of a file's text, worked out once per run however many caches ask for it. */
export function contentHash(file: { text: string }): string {
  let h = hashes.get(file);
  if (h === undefined) {
    h = createHash('sha256').update(file.text).digest('hex');
    hashes.set(file, h);
  }
  return h;
}
