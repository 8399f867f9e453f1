// The whole of `npm run validate`, as one pipeline: discover → parse → render → object checks,
// with the per-file-kind checks running beside it. Every check's findings, skips and timing are
// kept apart so the report can say which check found what and which did not run.
import { performance } from 'node:perf_hooks';
import { join, posix, relative, resolve, sep } from 'node:path';
import { cacheDir } from './cache.ts';
import { type FoldedFinding, foldConsequences, type RenderFailures } from './causes.ts';
import { fileChecks } from './checks/index.ts';
import { pluginRenderedDirs } from './plugin-sources.ts';
import { crossChecks } from './rules/index.ts';
import { loadConfig } from './config.ts';
import { discoverTree, listTree } from './discover.ts';
import { KUSTOMIZE_KINDS, kubernetesSchemaCheck, prefetchKinds, scanKinds } from './kube/check.ts';
import { defaultKubeVersion } from './kube/version.ts';
import { type ParsedFile, parseFilesBeside, yaml11Values } from './parse.ts';
import { ParseCache } from './parse-cache.ts';
import { findKustomizations, KUSTOMIZATION_NAMES, type Kustomization, referencedFiles, renderAll, renderersOf, resourceFiles } from './render.ts';
import { renderCharts } from './render-helm.ts';
import { objectField, SourceIndex, shownName } from './sources.ts';
import type { Check, CheckResult, Context, Finding, KubeObject, ObjectCheck, ObjectContext, SkippedCheck, SourceFile, ValidateConfig } from './types.ts';

/** Checks over every object, plain or rendered: the schemas, then the cross-checks between objects and files. */
export const objectChecks: ObjectCheck[] = [kubernetesSchemaCheck, ...crossChecks];

export interface CheckRun {
  id: string;
  description: string;
  findings: Finding[];
  skipped: SkippedCheck[];
  elapsedMs: number;
  /** This check's findings folded under a cause (causes.ts); not in `findings`. */
  folded?: FoldedFinding[];
}

export interface ValidationReport {
  root: string;
  kubeVersion: string;
  files: number;
  objects: number;
  checks: CheckRun[];
  /** Every finding of every check, sorted by file, line, column. */
  findings: Finding[];
  /** Consequences of a cause among `findings` (a render that fails because a base does not parse), sorted like them. */
  folded?: FoldedFinding[];
  skipped: SkippedCheck[];
  elapsedMs: number;
}

export interface ValidateRequest {
  root: string;
  /** Files or directories to validate (relative to cwd); empty means the whole repository. */
  paths: string[];
  /** Empty `paths` means no files (a --changed run with nothing changed), not the whole tree. */
  onlyPaths?: boolean;
  cwd?: string;
  kubeVersion?: string;
  requireAll?: boolean;
  /** False (`--no-cache`): read nothing kept by earlier runs and keep nothing; default true. */
  cache?: boolean;
  config?: ValidateConfig;
  /** The per-file-kind checks to run; default every one in checks/index.ts. Tests narrow it. */
  fileChecks?: Check[];
  /** The object checks to run; default `objectChecks`. Tests narrow it. */
  objectChecks?: ObjectCheck[];
}

async function timed(id: string, description: string, run: () => Promise<CheckResult> | CheckResult): Promise<CheckRun & { objects: number }> {
  const start = performance.now();
  let result: CheckResult;
  try {
    result = await run();
  } catch (e) {
    // A check that crashes must fail the run loudly, not pass silently.
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    result = { findings: [{ file: '', line: 0, column: 0, severity: 'error', rule: 'check-crashed', message: `check ${id} crashed: ${message}` }], skipped: [] };
  }
  return { id, description, findings: result.findings, skipped: result.skipped, elapsedMs: performance.now() - start, objects: result.objects ?? 0 };
}

/** YAML/JSON documents that are Kubernetes objects and not kustomize's own input. */
function plainObjects(parsed: Map<string, ParsedFile>, ownedByKustomize: Set<string>): KubeObject[] {
  const out: KubeObject[] = [];
  for (const [path, file] of parsed) {
    if (!file.ok || ownedByKustomize.has(path) || KUSTOMIZATION_NAMES.includes(posix.basename(path))) continue;
    const asApplied = yaml11Values(file.file);
    for (const [i, doc] of file.docs.entries()) {
      const v = asApplied?.length === file.docs.length ? asApplied[i] : doc.value;
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      const body = v as Record<string, unknown>;
      const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
      const kind = typeof body.kind === 'string' ? body.kind : '';
      // A document with metadata and one of apiVersion/kind is a manifest with a typo, not some other YAML.
      const hasMetadata = objectField(body, 'metadata') !== null && typeof objectField(body, 'metadata') === 'object';
      if (!(apiVersion && kind) && !(hasMetadata && (apiVersion || kind))) continue;
      if (KUSTOMIZE_KINDS.has(kind) && apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
      const namespace = objectField(body.metadata, 'namespace');
      out.push({
        apiVersion,
        kind,
        name: shownName(body),
        ...(typeof namespace === 'string' ? { namespace } : {}),
        body,
        source: { file: path, line: doc.line, column: doc.column },
      });
    }
  }
  return out;
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** `found` plus every kustomization elsewhere in the tree that renders one of the named paths. */
function withRenderers(root: string, found: Kustomization[], named: string[], ignore: string[], index: SourceIndex): Kustomization[] {
  const all = findKustomizations(
    listTree(root, ignore)
      .map((abs) => toPosix(relative(root, abs)))
      .map((path) => ({ path, absPath: join(root, path), kind: 'other' as const, text: '' })),
  );
  const dirs = new Set(found.map((k) => k.dir));
  return [...found, ...renderersOf(root, all, named, index).filter((k) => !dirs.has(k.dir))].sort((a, b) => compare(a.dir, b.dir));
}

/** Code-unit order: stable across machines and locales, and free of ICU's collator (about 8 ms to load). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byPosition = (a: Finding, b: Finding): number =>
  compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.rule, b.rule) || compare(a.message, b.message);

export async function validate(req: ValidateRequest): Promise<ValidationReport> {
  const start = performance.now();
  const config = req.config ?? loadConfig(req.root);
  const cache = req.cache ?? true;
  const partial = req.paths.length > 0 || (req.onlyPaths ?? false);
  // The parse pack (up to tens of MB on a large tree) is read in the background while the tree is
  // listed and read; neither needs the other.
  const packDir = await cacheDir('parse', cache);
  const opening = packDir ? ParseCache.open(packDir, req.root, partial) : null;
  const discoverStart = performance.now();
  const discovery = req.onlyPaths && req.paths.length === 0 ? { files: [], charts: [], findings: [] } : await discoverTree(req.root, req.paths, config.ignore, req.cwd ?? req.root);
  const { files } = discovery;
  const discoverRun = {
    id: 'discover',
    description: 'every file is read: special files, symlinks leaving the tree, loops and unreadable entries are reported',
    findings: discovery.findings,
    skipped: [],
    elapsedMs: performance.now() - discoverStart,
    objects: 0,
  };
  const ctx: Context = {
    root: req.root,
    files,
    options: { kubeVersion: req.kubeVersion ?? defaultKubeVersion(req.root), requireAll: req.requireAll ?? false, cache, partial },
    config,
  };

  // Started first: they mostly wait on external tools, which run while this process parses and renders.
  const fileRuns = Promise.all((req.fileChecks ?? fileChecks).map((c) => timed(c.id, c.description, () => c.run(ctx))));
  // Let them spawn their processes before parsing holds the event loop.
  await new Promise((resolve) => setImmediate(resolve));

  let parsed = new Map<string, ParsedFile>();
  /** The parse cache's pack being written while the checks run. */
  let saving: Promise<void> | undefined;
  const parseRun = await timed('parse', 'YAML and JSON syntax, duplicate keys, tabs', async () => {
    const store = opening ? await opening : null;
    // The schemas of the kinds the files appear to name load while the files are parsed; not for
    // files read back from the parse pack, whose schema verdicts are kept too (kube/verdicts.ts).
    const schemas = (): Promise<void> => prefetchKinds(files.filter((f) => f.kind === 'yaml' && !store?.holds(f)).flatMap((f) => scanKinds(f.text)), ctx.options.cache);
    const r = await parseFilesBeside(files, schemas, store ?? undefined);
    saving = store?.save();
    parsed = r.parsed;
    // The kinds the parsed objects really name, for what the text scan above missed; not awaited.
    void prefetchKinds(
      [...parsed.values()].flatMap((f) =>
        store?.holds(f.file) ? [] : f.docs.flatMap((d) => {
          const apiVersion = objectField(d.value, 'apiVersion');
          const kind = objectField(d.value, 'kind');
          return typeof apiVersion === 'string' && typeof kind === 'string' ? [{ apiVersion, kind }] : [];
        }),
      ),
      ctx.options.cache,
    );
    return { findings: r.findings, skipped: [] };
  });
  const index = new SourceIndex(req.root, parsed, files);
  // A path run renders every kustomization of the tree that renders the named paths (an overlay
  // that builds on a named base), and reports what is found in the named paths.
  const named = req.paths.map((p) => toPosix(relative(req.root, resolve(req.cwd ?? req.root, p))) || '.');
  const kustomizations = named.length ? withRenderers(req.root, findKustomizations(files), named, config.ignore, index) : findKustomizations(files);
  // Their files are still kustomize's input (not plain manifests): only the render is left out.
  const pluginDirs = pluginRenderedDirs(req.root, parsed);
  const rendered = kustomizations.filter((k) => !pluginDirs.has(k.dir));
  const byPlugin: SkippedCheck[] = kustomizations.flatMap((k) => {
    const by = pluginDirs.get(k.dir);
    return by
      ? [{ check: 'kustomize', reason: `${k.dir} is rendered at sync by an Argo CD config management plugin (${by.label}, ${by.file}:${by.line}); plugins are not run on a tree being validated, so its output is not checked`, fix: "check the plugin's output where the plugin runs, or commit what it renders" }]
      : [];
  });
  let objectCtx: ObjectContext | null = null;
  let failures: RenderFailures = { root: req.root, kustomizations, failed: [], index };
  const renderRun = await timed('kustomize', 'every kustomization and Helm chart renders (kustomize build, helm template)', async () => {
    const [r, charts] = await Promise.all([
      renderAll(req.root, rendered, index, ctx.options.cache),
      renderCharts(req.root, discovery.charts, ctx.options.kubeVersion, files, index, (path) => parseRun.findings.find((f) => f.file === path && f.severity === 'error')),
    ]);
    // A kustomization's input is checked through its render. When the render fails, the manifests
    // it lists as resources are checked as plain manifests, so that the failure (a missing file,
    // say) does not hide a mistake beside it; its patches are partial objects and stay out.
    const failed = new Set(r.failed);
    failures = { ...failures, failed: r.failed };
    const owned = new Set<string>();
    for (const k of kustomizations) for (const f of referencedFiles(req.root, k, index)) owned.add(f);
    const ownedByRender = new Set<string>();
    for (const k of kustomizations) if (!failed.has(k.dir)) for (const f of resourceFiles(req.root, k, index)) ownedByRender.add(f);
    for (const render of r.renders) for (const o of render.objects) ownedByRender.add(o.source.file);
    for (const k of kustomizations) if (failed.has(k.dir)) for (const f of resourceFiles(req.root, k, index)) if (!ownedByRender.has(f)) owned.delete(f);
    for (const f of ownedByRender) owned.add(f);
    objectCtx = {
      ...ctx,
      renders: [...r.renders, ...charts.renders],
      plain: plainObjects(parsed, owned),
      sources: index,
    };
    return { findings: [...r.findings, ...charts.findings], skipped: [...byPlugin, ...r.skipped, ...charts.skipped] };
  });

  const octx = objectCtx as ObjectContext | null;
  // Object checks are CPU work in this process: one after another, so each one's time is its own.
  const objectRuns: Array<Awaited<ReturnType<typeof timed>>> = [];
  for (const c of octx ? (req.objectChecks ?? objectChecks) : []) objectRuns.push(await timed(c.id, c.description, () => c.run(octx!)));
  const inNamed = (f: Finding): boolean => (!named.length && !req.onlyPaths) || f.file === '' || named.some((p) => p === '.' || f.file === p || f.file.startsWith(`${p}/`));
  const visible = [discoverRun, parseRun, renderRun, ...objectRuns, ...(await fileRuns)].map((r) => ({ ...r, findings: r.findings.filter(inNamed) }));
  // Folded after the path filter: a cause the report does not show folds nothing.
  const split = foldConsequences(visible.flatMap((r) => r.findings).sort(byPosition), failures);
  const runs = visible.map((r) => ({
    ...r,
    findings: r.findings.filter((f) => !split.folded.has(f)),
    folded: r.findings.flatMap((f) => split.folded.get(f) ?? []),
  }));
  const findings = split.findings;
  await saving;
  const objects = Math.max(0, ...objectRuns.filter((r) => r.id === kubernetesSchemaCheck.id).map((r) => r.objects));
  return {
    root: req.root,
    kubeVersion: ctx.options.kubeVersion,
    files: files.length,
    objects,
    checks: runs.map(({ objects: _objects, ...run }) => run),
    findings,
    folded: [...split.folded.values()],
    skipped: runs.flatMap((r) => r.skipped),
    elapsedMs: performance.now() - start,
  };
}
