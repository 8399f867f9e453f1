// Step 3 of the pipeline: render every kustomization with kustomize and map each rendered object
// back to the file and line it was written in.
//
// kustomize records an object's origin only when the kustomization asks for it
// (`buildMetadata: [originAnnotations]`), and the user's files must stay untouched, so each
// directory is rendered through a throw-away wrapper kustomization in a temp dir that lists the
// directory as its only resource and asks for origin and transformer annotations.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, posix, relative, resolve, sep } from 'node:path';
import { CORE_SCHEMA, load, loadAll } from 'js-yaml';
import { findTool, missingTool } from '../lib/tools.ts';
import { readCachedRender, renderKey, writeCachedRender } from './render-cache.ts';
import { objectField, objectName, shownName, type SourceIndex } from './sources.ts';
import type { Finding, KubeObject, Render, SkippedCheck, SourceFile, SourceLocation } from './types.ts';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

const toPosix = (p: string): string => p.split(sep).join('/');

export interface Kustomization {
  dir: string;
  file: string;
}

/** Every directory among the files that holds a kustomization file. */
export function findKustomizations(files: SourceFile[]): Kustomization[] {
  return files
    .filter((f) => KUSTOMIZATION_NAMES.includes(posix.basename(f.path)))
    .map((f) => ({ dir: posix.dirname(f.path), file: f.path }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

export interface Renderer {
  tool: string;
  /** argv that renders the directory given as the last argument. */
  args: string[];
}

/** `kustomize build` when a kustomize binary is installed (it may be newer), else `kubectl kustomize`. */
export async function findRenderer(): Promise<Renderer | null> {
  const kustomize = await findTool('kustomize');
  if (kustomize) return { tool: kustomize, args: ['build'] };
  const kubectl = await findTool('kubectl');
  if (kubectl) return { tool: kubectl, args: ['kustomize'] };
  return null;
}

/** Local files a kustomization refers to (resources, patches, generator inputs, ...): they are kustomize's input, not plain manifests. */
export function referencedFiles(root: string, k: Kustomization, index: SourceIndex): string[] {
  const parsed = index.get(k.file);
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
    else if (typeof value === 'string' && !value.includes('\n')) {
      // Generator entries may be `key=path`.
      const candidate = value.includes('=') ? value.slice(value.indexOf('=') + 1) : value;
      const abs = resolve(root, k.dir, candidate);
      const rel = toPosix(relative(root, abs));
      if (!rel.startsWith('..') && rel !== k.file && existsSync(abs) && !KUSTOMIZATION_NAMES.includes(posix.basename(rel))) out.push(rel);
    }
  };
  for (const doc of parsed?.docs ?? []) visit(doc.value);
  return out;
}

/** Patch files named by a kustomization, for locating fields that a patch (not the base) wrote. */
function patchFilesOf(root: string, kustomizationFile: string, index: SourceIndex): string[] {
  const top = index.get(kustomizationFile)?.docs[0]?.value;
  const dir = posix.dirname(kustomizationFile);
  const out: string[] = [];
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const list = objectField(top, key);
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      const path = typeof item === 'string' ? item : objectField(item, 'path');
      if (typeof path === 'string' && !path.includes('\n')) {
        const rel = toPosix(relative(root, resolve(root, dir, path)));
        if (existsSync(join(root, rel))) out.push(rel);
      }
    }
  }
  return out;
}

/** The line of a kustomization that a kustomize error message quotes, else 1. */
function lineOfQuoted(text: string, message: string): { line: number; column: number } {
  for (const m of message.matchAll(/'([^']+)'|"([^"]+)"/g)) {
    const quoted = m[1] ?? m[2]!;
    for (const candidate of [quoted, posix.basename(quoted)]) {
      const idx = candidate.length > 1 ? text.indexOf(candidate) : -1;
      if (idx >= 0) {
        const before = text.slice(0, idx).split('\n');
        return { line: before.length, column: before[before.length - 1]!.length + 1 };
      }
    }
  }
  return { line: 1, column: 1 };
}

/** The first local entry of a kustomization's resources/components/bases that names no file or directory, located. */
function missingEntry(root: string, k: Kustomization, index: SourceIndex): { field: string; entry: string; path: string; line: number; column: number } | null {
  const doc = index.get(k.file)?.docs[0];
  for (const field of ['resources', 'components', 'bases']) {
    const list = objectField(doc?.value, field);
    if (!doc || !Array.isArray(list)) continue;
    for (const [i, item] of (list as unknown[]).entries()) {
      // A remote resource (URL, git repository) is kustomize's to fetch, not a local path.
      if (typeof item !== 'string' || item.includes('://') || /^[\w.-]+@|^github\.com\//.test(item)) continue;
      const abs = resolve(root, k.dir, item);
      if (existsSync(abs)) continue;
      const at = doc.locate([field, i]);
      return { field, entry: item, path: toPosix(relative(root, abs)), line: at.line, column: at.column };
    }
  }
  return null;
}

/** kustomize's own message without kubectl's log prefix. */
function cleanError(stderr: string): string {
  return stderr
    .trim()
    .split('\n')
    .map((l) => l.replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] "command failed" err=/, '').replace(/^error: /, ''))
    .join(' ')
    .replace(/^"(.*)"$/, '$1')
    .replace(/\\"/g, '"');
}

interface Origin {
  path?: string;
  configuredIn?: string;
  configuredBy?: { kind?: string };
}

function annotationsOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const a = objectField(body.metadata, 'annotations');
  return a && typeof a === 'object' ? (a as Record<string, unknown>) : undefined;
}

/** Removes the annotations the wrapper asked for, so checks see the object as it would be applied. */
function stripBuildAnnotations(body: Record<string, unknown>): { origin?: Origin; transformedIn: string[] } {
  const annotations = annotationsOf(body);
  if (!annotations) return { transformedIn: [] };
  const origin = typeof annotations[ORIGIN] === 'string' ? (load(annotations[ORIGIN] as string, { schema: CORE_SCHEMA }) as Origin) : undefined;
  const transformations =
    typeof annotations[TRANSFORMATIONS] === 'string' ? (load(annotations[TRANSFORMATIONS] as string, { schema: CORE_SCHEMA }) as Origin[] | null) : null;
  delete annotations[ORIGIN];
  delete annotations[TRANSFORMATIONS];
  const metadata = body.metadata as Record<string, unknown>;
  if (Object.keys(annotations).length === 0) delete metadata.annotations;
  const transformedIn = (transformations ?? []).flatMap((t) => (t.configuredIn ? [t.configuredIn] : []));
  return origin ? { origin, transformedIn } : { transformedIn };
}

function generatorLocation(index: SourceIndex, kustomizationFile: string, kind: string | undefined, name: string): SourceLocation {
  const key = kind === 'SecretGenerator' ? 'secretGenerator' : 'configMapGenerator';
  const doc = index.get(kustomizationFile)?.docs[0];
  const list = objectField(doc?.value, key);
  if (doc && Array.isArray(list)) {
    // The longest generator name the rendered name contains (kustomize appends a hash).
    const entries = (list as unknown[])
      .map((entry, i) => ({ i, entryName: objectField(entry, 'name') }))
      .filter((e): e is { i: number; entryName: string } => typeof e.entryName === 'string' && name.includes(e.entryName))
      .sort((a, b) => b.entryName.length - a.entryName.length);
    const entry = entries[0];
    if (entry) {
      const at = doc.locate([key, entry.i]);
      if (at.depth === 2) return { file: kustomizationFile, line: at.line, column: at.column };
    }
  }
  return { file: kustomizationFile, line: 1, column: 1 };
}

/** Address space a kustomize process may take: several times what this repository's largest render needs. */
export const RENDER_MEMORY_BYTES = 1024 * 1024 * 1024;
/** A render that takes longer is stopped (a remote resource that never answers, a pathological input). */
export const RENDER_TIMEOUT_MS = Number(process.env.VALIDATE_KUSTOMIZE_TIMEOUT_S ?? 60) * 1000;
/** Renders at once: kustomize is CPU-bound, and each one may take up to RENDER_MEMORY_BYTES. */
export const RENDER_CONCURRENCY = Math.min(4, availableParallelism() + 1);

interface BoundedRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs the renderer under a memory cap (the shell's `ulimit -v`, which kustomize cannot lift) and a
 * timeout, killing it outright when the time is up. An input that makes kustomize expand without
 * bound (an alias bomb used as a resource) then fails that render instead of the machine.
 */
export function runBounded(tool: string, args: readonly string[], opts: { memoryBytes?: number; env?: NodeJS.ProcessEnv } = {}): Promise<BoundedRun> {
  const script = `ulimit -v ${Math.floor((opts.memoryBytes ?? RENDER_MEMORY_BYTES) / 1024)} && exec "$0" "$@"`;
  return new Promise((resolvePromise) => {
    const options = { timeout: RENDER_TIMEOUT_MS, killSignal: 'SIGKILL' as const, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' as const, ...(opts.env ? { env: opts.env } : {}) };
    execFile('/bin/sh', ['-c', script, tool, ...args], options, (error, stdout, stderr) => {
      const timedOut = error !== null && error.killed === true && error.signal === 'SIGKILL';
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolvePromise({ exitCode, stdout, stderr: stderr || (error && !timedOut ? error.message : ''), timedOut });
    });
  });
}

export interface RenderOutcome {
  render?: Render;
  finding?: Finding;
}

/** Every string in a kustomization file's documents (resource entries, generator files, ...). */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** The cache key of a render (render-cache.ts): the directories and files it reads, transitively. */
function keyOf(root: string, k: Kustomization, renderer: Renderer, index: SourceIndex): string | null {
  const dirs = new Set<string>();
  const files = new Set<string>();
  const strings: string[] = [];
  const visit = (dir: string, file: string): void => {
    if (dirs.has(dir)) return;
    dirs.add(dir);
    for (const doc of index.get(file)?.docs ?? []) stringsOf(doc.value, strings);
    for (const f of referencedFiles(root, { dir, file }, index)) files.add(f);
    for (const next of referencedKustomizations(root, { dir, file }, index)) {
      const name = KUSTOMIZATION_NAMES.find((n) => existsSync(join(root, next, n)));
      if (name) visit(next, next === '.' ? name : `${next}/${name}`);
    }
  };
  visit(k.dir, k.file);
  return renderKey(root, renderer.tool, [...dirs], [...files], strings);
}

/**
 * A render read back from the cache when its inputs are unchanged, else rendered and kept; with
 * `cache` false (`--no-cache`) always rendered, and not kept.
 */
export async function renderCached(root: string, k: Kustomization, renderer: Renderer, index: SourceIndex, cache: boolean): Promise<RenderOutcome> {
  const key = cache ? keyOf(root, k, renderer, index) : null;
  const cached = key ? await readCachedRender(key) : null;
  if (cached) return cached;
  const outcome = await renderKustomization(root, k, renderer, index);
  // A timeout says nothing about the inputs; it is not kept.
  if (key && !/did not finish within/.test(outcome.finding?.message ?? '')) await writeCachedRender(key, outcome);
  return outcome;
}

export async function renderKustomization(root: string, k: Kustomization, renderer: Renderer, index: SourceIndex): Promise<RenderOutcome> {
  const wrapper = await mkdtemp(join(tmpdir(), 'validate-kustomize-'));
  try {
    const target = toPosix(relative(wrapper, join(root, k.dir)));
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      `resources:\n  - ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`,
    );
    // A file kustomize would read that does not parse (an alias bomb, say) is reported by the parse
    // step; kustomize is not given it.
    const broken = referencedFiles(root, k, index).find((f) => index.get(f)?.ok === false);
    if (broken) {
      return {
        finding: { file: k.file, line: 1, column: 1, severity: 'error', rule: 'kustomize-build', message: `kustomize build ${k.dir} not run: ${broken} does not parse (see its finding)` },
      };
    }
    const run = await runBounded(renderer.tool, [...renderer.args, wrapper]);
    if (run.timedOut) {
      const message = `kustomize build ${k.dir} did not finish within ${RENDER_TIMEOUT_MS / 1000} s and was stopped (a remote resource that does not answer?)`;
      return { finding: { file: k.file, line: 1, column: 1, severity: 'error', rule: 'kustomize-build', message } };
    }
    if (run.exitCode !== 0) {
      // Re-render the directory itself so the message names the user's paths, not the wrapper's.
      const direct = await runBounded(renderer.tool, [...renderer.args, join(root, k.dir)]);
      const message = (cleanError(direct.exitCode !== 0 ? direct.stderr : run.stderr) || `kustomize exited with ${run.exitCode}`)
        .split(`${root}/`)
        .join('');
      const text = index.get(k.file)?.file.text ?? '';
      const missing = missingEntry(root, k, index);
      if (missing) {
        return {
          finding: {
            file: k.file,
            line: missing.line,
            column: missing.column,
            severity: 'error',
            rule: 'kustomize-build',
            message: `kustomize build ${k.dir} failed: ${missing.field} entry ${JSON.stringify(missing.entry)} names ${missing.path}, which does not exist; create it or remove the entry`,
          },
        };
      }
      const at = lineOfQuoted(text, message);
      return {
        finding: { file: k.file, line: at.line, column: at.column, severity: 'error', rule: 'kustomize-build', message: `kustomize build ${k.dir} failed: ${message}` },
      };
    }
    const objects: KubeObject[] = [];
    const toRepo = (p: string): string => toPosix(relative(root, resolve(wrapper, p)));
    // kustomize's output is machine-written and well-formed: the fast parser suffices.
    for (const body of loadAll(run.stdout, null, { schema: CORE_SCHEMA }) as unknown[]) {
      if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
      const obj = body as Record<string, unknown>;
      const { origin, transformedIn } = stripBuildAnnotations(obj);
      const kind = String(obj.kind ?? '');
      const name = objectName(obj) ?? '';
      let source: SourceLocation = { file: k.file, line: 1, column: 1 };
      if (origin?.path) {
        const file = toRepo(origin.path);
        const doc = index.findObject(file, kind, name);
        source = doc ? { file, line: doc.line, column: doc.column } : { file, line: 1, column: 1 };
      } else if (origin?.configuredIn) {
        source = generatorLocation(index, toRepo(origin.configuredIn), origin.configuredBy?.kind, name);
      }
      const patchedBy = [...new Set(transformedIn.map(toRepo))].flatMap((f) => patchFilesOf(root, f, index));
      const namespace = objectField(obj.metadata, 'namespace');
      objects.push({
        apiVersion: String(obj.apiVersion ?? ''),
        kind,
        name: shownName(obj),
        ...(typeof namespace === 'string' ? { namespace } : {}),
        body: obj,
        source,
        ...(patchedBy.length ? { patchedBy: [...new Set(patchedBy)] } : {}),
      });
    }
    return { render: { dir: k.dir, file: k.file, objects } };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Directories holding a kustomization that `k` builds on (resources, components, bases). */
export function referencedKustomizations(root: string, k: Kustomization, index: SourceIndex): string[] {
  const top = index.get(k.file)?.docs[0]?.value;
  const out: string[] = [];
  for (const field of ['resources', 'components', 'bases']) {
    const list = objectField(top, field);
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (typeof item !== 'string') continue;
      const abs = resolve(root, k.dir, item);
      if (KUSTOMIZATION_NAMES.some((n) => existsSync(join(abs, n)))) out.push(toPosix(relative(root, abs)));
    }
  }
  return out;
}

const overlaps = (a: string, b: string): boolean => a === b || a === '.' || b === '.' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/**
 * The kustomizations among `all` that render something under `paths` (tree-relative files or
 * directories): through their own directory, the files they reference, or the kustomizations they
 * build on, transitively. A base is checked as its overlays render it, so a path run sees what the
 * whole-tree run sees.
 */
export function renderersOf(root: string, all: Kustomization[], paths: string[], index: SourceIndex): Kustomization[] {
  const byDir = new Map(all.map((k) => [k.dir, k]));
  const reach = new Map<string, Set<string>>();
  const reachable = (k: Kustomization): Set<string> => {
    let known = reach.get(k.dir);
    if (known) return known;
    known = new Set([k.dir]);
    reach.set(k.dir, known);
    for (const f of referencedFiles(root, k, index)) known.add(f);
    for (const dir of referencedKustomizations(root, k, index)) {
      const next = byDir.get(dir);
      for (const r of next ? reachable(next) : [dir]) known.add(r);
    }
    return known;
  };
  return all.filter((k) => [...reachable(k)].some((r) => paths.some((p) => overlaps(r, p))));
}

const isComponent = (k: Kustomization, index: SourceIndex): boolean => objectField(index.get(k.file)?.docs[0]?.value, 'kind') === 'Component';

export interface RenderAllResult {
  renders: Render[];
  findings: Finding[];
  skipped: SkippedCheck[];
  /** Directories of the kustomizations that failed to render. */
  failed: string[];
}

/** Files (not directories) a kustomization lists as resources: whole manifests, not patches. */
export function resourceFiles(root: string, k: Kustomization, index: SourceIndex): string[] {
  const top = index.get(k.file)?.docs[0]?.value;
  const out: string[] = [];
  for (const field of ['resources', 'bases']) {
    const list = objectField(top, field);
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (typeof item !== 'string') continue;
      const rel = toPosix(relative(root, resolve(root, k.dir, item)));
      if (!rel.startsWith('..') && index.text(rel) !== undefined) out.push(rel);
    }
  }
  return out;
}

/**
 * Renders every kustomization that nothing else builds on (the overlays, and any stand-alone base).
 * A base that an overlay builds on rendered as part of that overlay, so it is rendered on its own
 * only when a kustomization building on it failed, to point at the right file. Components cannot
 * be built alone; they render through the kustomizations that use them.
 */
export async function renderAll(root: string, kustomizations: Kustomization[], index: SourceIndex, cache: boolean): Promise<RenderAllResult> {
  if (kustomizations.length === 0) return { renders: [], findings: [], skipped: [], failed: [] };
  const renderer = await findRenderer();
  if (!renderer) return { renders: [], findings: [], skipped: [missingTool('kustomize', 'kubectl')], failed: [] };
  const dirs = new Set(kustomizations.map((k) => k.dir));
  const referrers = new Map<string, string[]>();
  for (const k of kustomizations) {
    for (const dir of referencedKustomizations(root, k, index)) {
      if (dirs.has(dir) && dir !== k.dir) referrers.set(dir, [...(referrers.get(dir) ?? []), k.dir]);
    }
  }
  const failed = new Set<string>();
  const done = new Set<string>();
  const renders: Render[] = [];
  const findings: Finding[] = [];
  let wave = kustomizations.filter((k) => !referrers.has(k.dir) && !isComponent(k, index));
  while (wave.length) {
    const outcomes = await mapLimit(wave, RENDER_CONCURRENCY, (k) => renderCached(root, k, renderer, index, cache));
    wave.forEach((k, i) => {
      done.add(k.dir);
      const o = outcomes[i]!;
      if (o.render) renders.push(o.render);
      if (o.finding) {
        findings.push(o.finding);
        failed.add(k.dir);
      }
    });
    wave = kustomizations.filter(
      (k) => !done.has(k.dir) && !isComponent(k, index) && (referrers.get(k.dir) ?? []).some((r) => failed.has(r)),
    );
  }
  renders.sort((a, b) => a.dir.localeCompare(b.dir));
  return { renders, findings, skipped: [], failed: [...failed] };
}
