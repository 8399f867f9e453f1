// Kustomize renders kept between runs, keyed on everything a render reads: the content of every file
// in the kustomization's directory and in the directories and files it builds on (transitively), the
// renderer binary, and the validator's own render and source-mapping code. An unchanged overlay is
// then read back instead of rendered (kustomize is most of a warm run). Renders with a remote
// resource are never kept: what a URL serves can change without any local file changing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, writeAtomically } from './cache.ts';
import { listTree } from './discover.ts';
import type { Finding, Render } from './types.ts';

/** Renders kept; the oldest beyond this are removed. */
export const RENDER_CACHE_LIMIT = 300;

export interface CachedOutcome {
  render?: Render;
  finding?: Finding;
}

/** The validator code whose output a cached render is. */
const CODE = ['render.ts', 'sources.ts', 'parse.ts', 'positions.ts', 'render-cache.ts'].map((f) => new URL(f, import.meta.url));

const REMOTE = /^(https?:|git[@:]|ssh:|github\.com\/|gitlab\.com\/)/;

/**
 * The cache key of a render, or null when it must not be cached (a remote resource). `dirs` are the
 * tree-relative directories the render reads (its own and those it builds on), `files` the paths it
 * names (files or directories), `strings` every string of its kustomization files (for remote resources).
 */
export function renderKey(root: string, renderer: string, dirs: string[], files: string[], strings: string[]): string | null {
  if (strings.some((s) => REMOTE.test(s))) return null;
  const hash = createHash('sha256');
  const tool = statSync(renderer);
  hash.update(`${renderer}\0${tool.size}\0${tool.mtimeMs}\0`);
  for (const url of CODE) hash.update(readFileSync(url));
  const all = new Set<string>();
  // A referenced path may be a directory (a base named by path): everything in it is read.
  for (const path of [...dirs, ...files]) {
    const abs = join(root, path);
    if (statSync(abs).isDirectory()) for (const f of listTree(abs, [])) all.add(f);
    else all.add(abs);
  }
  for (const f of [...all].sort()) {
    hash.update(`\0${f}\0`);
    hash.update(readFileSync(f));
  }
  return hash.digest('hex');
}

const fileOf = (dir: string, key: string): string => join(dir, `kustomize-${key}.json`);

/** The render kept under `key`, or null when there is none or the cache cannot be used. */
export async function readCachedRender(key: string): Promise<CachedOutcome | null> {
  const dir = await cacheDir('renders', true);
  if (!dir) return null;
  let text: string;
  try {
    text = await readFile(fileOf(dir, key), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as CachedOutcome;
  } catch (e) {
    process.stderr.write(`validate: kept kustomize render ${fileOf(dir, key)} is damaged (${(e as Error).message}); rendering again\n`);
    return null;
  }
}

/** Keeps a render (the oldest beyond RENDER_CACHE_LIMIT go); one that cannot be kept is said on stderr. */
export async function writeCachedRender(key: string, outcome: CachedOutcome): Promise<void> {
  const dir = await cacheDir('renders', true);
  if (!dir) return;
  try {
    await writeAtomically(fileOf(dir, key), JSON.stringify(outcome));
  } catch (e) {
    process.stderr.write(`validate: kustomize render not kept in ${dir} (${(e as Error).message})\n`);
    return;
  }
  const kept = readdirSync(dir)
    .filter((f) => f.startsWith('kustomize-') && f.endsWith('.json'))
    .map((f) => ({ f, at: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of kept.slice(RENDER_CACHE_LIMIT)) rmSync(join(dir, f), { force: true });
}
