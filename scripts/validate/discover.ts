// Step 1 of the pipeline: find the files to validate and decide what kind each one is.
// Everything downstream works on the SourceFile list; nothing else walks the disk.
//
// The tree may be anyone's: every entry is lstat'ed before it is opened, so a FIFO (which would
// block a read forever) or a device (/dev/zero reads until memory runs out) is never opened; a
// symlink is followed only to a regular file or directory inside the tree; what cannot be read is a
// finding, not a crash.
import { closeSync, constants, type Dirent, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './config.ts';
import type { FileKind, Finding, SourceFile } from './types.ts';

/** Directories that are never the repository's own content. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);
/** Larger files are reported, not read: no configuration file is this big, and every check holds its text. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** JSON files whose tools read comments and trailing commas (TypeScript, VS Code, dev containers). */
const JSONC = /(^|\/)((ts|js)config(\.[^/]*)?\.json|\.vscode\/[^/]+\.json|\.?devcontainer(\/[^/]+)?\.json|\.eslintrc\.json|[^/]+\.jsonc)$/i;

export function classify(path: string, firstLine = ''): FileKind {
  const name = basename(path).toLowerCase();
  const ext = extname(name);
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (JSONC.test(path)) return 'jsonc';
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

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/** What an entry is: an lstat's Stats, or the type readdir gave it (the same, without a system call per entry). */
type EntryType = Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>;

/** A file the walk found: its absolute path and its path in the tree (POSIX separators). */
export interface Found {
  abs: string;
  rel: string;
}

/** What the walk found: files to read, and findings about entries it would not or could not read. */
class Walk {
  readonly files: Found[] = [];
  readonly findings: Finding[] = [];
  /** Real paths of the directories being walked, to recognise a symlink back to one of them. */
  private readonly open = new Set<string>();
  private readonly realRoot: string;

  constructor(
    private readonly root: string,
    private readonly ignore: RegExp[],
  ) {
    this.realRoot = realpathSync(root);
  }

  private rel(abs: string): string {
    return toPosix(relative(this.root, abs)) || '.';
  }

  note(rel: string, severity: Finding['severity'], rule: string, message: string): void {
    this.findings.push({ file: rel, line: 0, column: 0, severity, rule, message });
  }

  /** An entry by its own type; a symlink by what it points at, if that is inside the tree. */
  visit(abs: string, rel: string, info: EntryType, named: boolean): void {
    if (info.isSymbolicLink()) return this.symlink(abs, rel, named);
    if (info.isDirectory()) return this.directory(abs, rel, named);
    if (info.isFile()) {
      this.files.push({ abs, rel });
      return;
    }
    const what = info.isFIFO() ? 'a named pipe (FIFO)' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device file' : 'not a regular file';
    this.note(rel, 'warning', 'file-skipped', `${what}: not opened, not validated`);
  }

  private symlink(abs: string, rel: string, named: boolean): void {
    // A linked node_modules (a workspace, a copy of the repository) is skipped like a real one.
    if (!named && SKIP_DIRS.has(basename(abs))) return;
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (e) {
      const code = errno(e);
      if (code === 'ELOOP') this.note(rel, 'error', 'symlink-loop', 'symbolic link loop: the link resolves to itself through other links');
      else if (code === 'ENOENT') this.note(rel, 'warning', 'file-skipped', 'symbolic link to nothing (its target does not exist)');
      else this.note(rel, 'error', 'file-unreadable', `symbolic link cannot be resolved (${code})`);
      return;
    }
    if (!inside(this.realRoot, real)) {
      this.note(rel, 'warning', 'file-skipped', `symbolic link leaves the tree (to ${real}): not followed`);
      return;
    }
    let target: Stats;
    try {
      target = statSync(real);
    } catch (e) {
      this.note(rel, 'error', 'file-unreadable', `symbolic link target cannot be read (${errno(e)})`);
      return;
    }
    if (target.isDirectory() && this.open.has(real)) {
      this.note(rel, 'error', 'symlink-loop', `symbolic link loop: links back to ${this.rel(join(this.root, relative(this.realRoot, real)))}, which contains it`);
      return;
    }
    this.visit(abs, rel, target, named);
  }

  private directory(abs: string, rel: string, named: boolean): void {
    if (!named && SKIP_DIRS.has(basename(abs))) return;
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(abs);
      // The entries' types come with the listing (an lstat's, never a symlink's target): nothing
      // is opened or followed here; Node asks lstat itself where the file system gives no type.
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      this.note(rel, 'error', 'file-unreadable', `directory cannot be read (${errno(e)}): nothing in it was validated`);
      return;
    }
    this.open.add(real);
    for (const e of entries) {
      const childRel = rel === '.' ? e.name : `${rel}/${e.name}`;
      if (this.ignore.some((r) => r.test(childRel))) continue;
      this.visit(join(abs, e.name), childRel, e, false);
    }
    this.open.delete(real);
  }
}

/** A file's bytes as text: UTF-8 (a BOM dropped), or UTF-16 when it starts with a UTF-16 BOM. */
export function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/**
 * Files are read into one buffer and decoded from it: only the text is kept, and on a VM a new page
 * costs a fault (reading the 10 MB corpus into a buffer per file spent about a third of the read in
 * faults). A buffer grown for a large file is not kept.
 */
const SCRATCH_KEPT = 4 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(256 * 1024);

/** The bytes of `fd` up to its end (at most `limit` + 1 of them), valid until the next call. */
function readAll(fd: number, limit: number): Buffer {
  let got = 0;
  for (;;) {
    if (got === scratch.length) {
      const grown = Buffer.allocUnsafeSlow(Math.min(scratch.length * 2, limit + 1));
      scratch.copy(grown, 0, 0, got);
      scratch = grown;
    }
    const n = readSync(fd, scratch, got, scratch.length - got, null);
    if (n === 0 || got + n > limit) return scratch.subarray(0, got + n);
    got += n;
  }
}

/**
 * Read synchronously: configuration files are small and local, and fs/promises' readFile costs
 * several times more per file in promises and thread-pool round trips than the read itself.
 * Opened without blocking and examined through the descriptor: the walk's view may be stale (a
 * FIFO put in the file's place would otherwise block the open), and what is examined is what is read.
 */
function load({ abs, rel: path }: Found, findings: Finding[]): SourceFile | null {
  const report = (rule: string, message: string): null => {
    findings.push({ file: path, line: 0, column: 0, severity: 'error', rule, message });
    return null;
  };
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return report('file-skipped', 'not a regular file: not opened, not validated');
    const tooLarge = (size: number): null => report('file-too-large', `${(size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB the validator reads: not validated`);
    if (info.size > MAX_FILE_BYTES) return tooLarge(info.size);
    bytes = readAll(fd, MAX_FILE_BYTES);
    // It grew after the fstat.
    if (bytes.length > MAX_FILE_BYTES) return tooLarge(bytes.length);
  } catch (e) {
    return report('file-unreadable', `cannot be read (${errno(e)}): not validated`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const text = decode(bytes);
  if (scratch.length > SCRATCH_KEPT) scratch = Buffer.allocUnsafeSlow(256 * 1024);
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  return { path, absPath: abs, kind: classify(path, firstLine), text };
}

/**
 * Directories that are Helm charts (a Chart.yaml beside a templates/ directory). Their templates
 * are Go templates that only `helm template` turns into YAML, so they are not read as manifests.
 */
export function helmCharts(files: readonly SourceFile[]): string[] {
  const paths = new Set(files.map((f) => f.path));
  const charts: string[] = [];
  for (const f of files) {
    if (basename(f.path) !== 'Chart.yaml') continue;
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    const templates = dir ? `${dir}/templates/` : 'templates/';
    if ([...paths].some((p) => p.startsWith(templates))) charts.push(dir || '.');
  }
  return charts.sort();
}

export interface Discovery {
  files: SourceFile[];
  /** Helm chart directories among the files (their templates have kind helm-template). */
  charts: string[];
  /** Entries that were not read, and why: skipped special files and symlinks, loops, unreadable files. */
  findings: Finding[];
}

/**
 * Lists the files under `paths` (relative to `cwd`), or the whole tree when none are given.
 * Ignore globs apply to what the walk finds, not to a file the user named explicitly.
 */
export async function discoverTree(root: string, paths: string[], ignoreGlobs: string[], cwd = root): Promise<Discovery> {
  const ignore = ignoreGlobs.map(globToRegExp);
  const targets = paths.length ? paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p))) : [root];
  const found = new Map<string, Found>();
  const findings: Finding[] = [];
  for (const target of targets) {
    const rel = relative(root, target);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${target}: is outside the tree ${root}`);
    let info: Stats;
    try {
      info = lstatSync(target);
    } catch (e) {
      if (errno(e) === 'ENOENT') throw new UsageError(`${toPosix(rel) || '.'}: no such file or directory`);
      throw new UsageError(`${toPosix(rel) || '.'}: cannot be examined (${errno(e)})`);
    }
    // An explicitly named directory is walked even when an ignore glob covers it.
    const relDir = toPosix(rel);
    const walk = new Walk(root, info.isDirectory() ? ignore.filter((r) => !relDir || !(r.test(relDir) || r.test(`${relDir}/`))) : ignore);
    walk.visit(target, relDir || '.', info, true);
    for (const f of walk.files) found.set(f.abs, f);
    findings.push(...walk.findings);
  }
  const files: SourceFile[] = [];
  for (const abs of [...found.keys()].sort()) {
    const file = load(found.get(abs)!, findings);
    if (file) files.push(file);
  }
  const charts = helmCharts(files);
  const templateDirs = charts.map((c) => (c === '.' ? 'templates/' : `${c}/templates/`));
  for (const f of files) if (templateDirs.some((t) => f.path.startsWith(t))) f.kind = 'helm-template';
  return { files, charts, findings };
}

/** Every regular file of the tree (absolute paths), walked as discoverTree walks it, none of them read. */
export function listTree(root: string, ignoreGlobs: string[]): string[] {
  const walk = new Walk(root, ignoreGlobs.map(globToRegExp));
  walk.visit(root, '.', lstatSync(root), true);
  return walk.files.map((f) => f.abs);
}

/** The files only (tests and tools that need no findings about the walk). */
export async function discover(root: string, paths: string[], ignoreGlobs: string[], cwd = root): Promise<SourceFile[]> {
  return (await discoverTree(root, paths, ignoreGlobs, cwd)).files;
}
