// Step 1 of the pipeline: find the files to validate and decide what kind each one is.
// Everything downstream works on the SourceFile list; nothing else walks the disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './config.ts';
import type { FileKind, SourceFile } from './types.ts';

/** Directories that are never the repository's own content. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);
/** Larger files are not configuration; they are listed but their text is not read. */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export function classify(path: string, firstLine = ''): FileKind {
  const name = basename(path).toLowerCase();
  const ext = extname(name);
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.tf') return 'terraform';
  if (ext === '.tfvars' || name.endsWith('.tfvars.json')) return 'terraform-vars';
  if (ext === '.sh' || ext === '.bash' || /^#!.*\b(ba|da|k)?sh\b/.test(firstLine)) return 'shell';
  if (name === 'dockerfile' || name.endsWith('.dockerfile') || name.startsWith('dockerfile.')) return 'dockerfile';
  if (ext === '.conf' && (name.includes('logstash') || /(^|\/)(logstash|pipeline)\//.test(path))) return 'logstash';
  if (ext === '.properties' || name === 'spark-defaults.conf') return 'properties';
  return 'other';
}

/** Compiles the small glob dialect of validate.config.yaml: `*` within a segment, `**` across segments, trailing `/` for a directory. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/^\.\//, '');
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(/.*)?$`);
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** Synchronous for the reason load() is: a thread-pool round trip per directory costs more than the listing. */
function walk(root: string, dir: string, ignore: RegExp[], out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true });
  for (const e of entries) {
    const abs = join(dir, e.name);
    const rel = toPosix(relative(root, abs));
    if (ignore.some((r) => r.test(rel))) continue;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(root, abs, ignore, out);
    } else if (e.isFile()) out.push(abs);
  }
}

/**
 * Read synchronously: configuration files are small and local, and fs/promises' readFile costs
 * several times more per file in promises and thread-pool round trips than the read itself (about
 * a tenth of a second for a thousand files).
 */
function load(root: string, abs: string): SourceFile {
  const path = toPosix(relative(root, abs));
  const text = statSync(abs).size <= MAX_TEXT_BYTES ? readFileSync(abs, 'utf8') : '';
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  return { path, absPath: abs, kind: classify(path, firstLine), text };
}

/**
 * Lists the files under `paths` (relative to `cwd`), or the whole repository when none are given.
 * Ignore globs apply to what the walk finds, not to a file the user named explicitly.
 */
export async function discover(root: string, paths: string[], ignoreGlobs: string[], cwd = root): Promise<SourceFile[]> {
  const ignore = ignoreGlobs.map(globToRegExp);
  const found: string[] = [];
  const targets = paths.length ? paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p))) : [root];
  for (const target of targets) {
    const rel = relative(root, target);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${target}: is outside the repository ${root}`);
    const info = await stat(target).catch(() => null);
    if (!info) throw new UsageError(`${toPosix(rel) || '.'}: no such file or directory`);
    if (info.isDirectory()) {
      // An explicitly named directory is walked even when an ignore glob covers it.
      const relDir = toPosix(rel);
      const inside = ignore.filter((r) => !relDir || !(r.test(relDir) || r.test(`${relDir}/`)));
      walk(root, target, inside, found);
    } else found.push(target);
  }
  const unique = [...new Set(found)].sort();
  return unique.map((abs) => load(root, abs));
}
