// What the external checks (terraform, promtool, amtool) keep between runs, keyed on the content of
// their inputs and the tool's version, as eslint's cache does: an unchanged input is not checked again.
//
// The cache belongs to the validator, never to the tree being validated (cache.ts says where).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, cacheKey, writeAtomically } from '../cache.ts';
import type { CheckResult } from '../types.ts';

/** JSON values by key, one file each, written aside and renamed so that a concurrent run never reads half of one. */
export class ResultCache<T> {
  constructor(private readonly name: string) {}

  /** The value kept under `key`; null when there is none or `cache` is false (`--no-cache`). */
  async get(key: string, cache: boolean): Promise<T | null> {
    const dir = await cacheDir(this.name, cache);
    if (!dir) return null;
    let text: string;
    try {
      text = await readFile(join(dir, `${key}.json`), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // not cached yet
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      return null; // a damaged entry is a miss; set() replaces it
    }
  }

  /** Keeps `value` under `key`, unless `cache` is false (`--no-cache`). */
  async set(key: string, value: T, cache: boolean): Promise<void> {
    const dir = await cacheDir(this.name, cache);
    if (!dir) return;
    await writeAtomically(join(dir, `${key}.json`), JSON.stringify(value));
  }
}

/**
 * A tool's identity for cache keys without running it: its resolved path, size and modification time
 * (an upgrade replaces the binary). Cheaper than `--version`, which costs a process start per run.
 */
export async function toolIdentity(path: string): Promise<string> {
  const real = await realpath(path);
  const info = await stat(real);
  return `${real}:${info.size}:${info.mtimeMs}`;
}

/** The validator's own code: scripts/validate.ts, scripts/validate/ and scripts/lib/ of this installation. */
const VALIDATOR_CODE = ['validate.ts', 'validate', 'lib'];
let codeKey: string | undefined;

/**
 * A key of the validator's own code (every file of VALIDATOR_CODE, by path and content; about 150
 * files, a few milliseconds), so that a verdict kept by one version of a check is never replayed by
 * another. Computed once per process. Generated files (`*.generated.*`: the pinned schemas and the
 * operators' catalogue, 5 MB) are keyed by size and modification time instead of their bytes, as
 * installed packages are: they change only when their generator, whose source is hashed, writes them
 * anew, and hashing them cost about 25 ms of every cached run.
 */
export function validatorCodeKey(): string {
  if (codeKey) return codeKey;
  const scripts = fileURLToPath(new URL('../../', import.meta.url));
  const parts: Array<string | Buffer> = [];
  const walk = (rel: string): void => {
    const abs = join(scripts, rel);
    const info = statSync(abs, { throwIfNoEntry: false });
    if (!info) return void parts.push(`${rel}: absent`);
    if (info.isDirectory()) for (const name of readdirSync(abs).sort()) walk(`${rel}/${name}`);
    else if (rel.includes('.generated.')) parts.push(rel, `${info.size}:${info.mtimeMs}`);
    else parts.push(rel, readFileSync(abs));
  };
  for (const rel of VALIDATOR_CODE) walk(rel);
  return (codeKey = cacheKey(...parts));
}

/** An npm package's identity for cache keys: its name and version as installed, and its entry file's size and time. */
export function packageIdentity(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    const info = statSync(manifest, { throwIfNoEntry: false });
    if (!info) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name !== name) continue;
    const main = statSync(entry);
    return `${name}@${pkg.version ?? '?'}:${main.size}:${main.mtimeMs}`;
  }
  throw new Error(`${name}: no package.json above ${entry}`);
}

/**
 * A check's result for inputs it has seen before, else `compute()`'s, kept under a key of `parts`
 * (the check's inputs: each file's path and content, the library that checks them), the check's
 * name and the validator's code. For checks whose verdict depends on nothing else. With `cache`
 * false (`--no-cache`) it is always `compute()`'s, and nothing is kept.
 */
export async function cachedCheckResult(name: string, parts: Array<string | Buffer>, cache: boolean, compute: () => Promise<CheckResult>): Promise<CheckResult> {
  const results = new ResultCache<CheckResult>(`check-${name}`);
  const key = cacheKey(validatorCodeKey(), ...parts);
  const hit = await results.get(key, cache);
  if (hit) return hit;
  const result = await compute();
  // A result that says a check could not run is not kept: the next run tries again.
  if (!result.skipped.length) await results.set(key, result, cache);
  return result;
}
