// Argo CD Applications as the argocd-* rules read them: each Application, and each element of an
// ApplicationSet list generator with its template filled in, with the sources it syncs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { yaml } from '../../lazy.ts';
import type { KubeObject } from '../../types.ts';
import { asRecord, type FieldPath } from '../kube.ts';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface AppView {
  object: KubeObject;
  /** Path from the object's root to the Application spec. */
  base: FieldPath;
  spec: Record<string, unknown>;
  /** Template parameters of an ApplicationSet list element. */
  params: Record<string, string>;
  /** `Application x` or `ApplicationSet x (param values)`, for messages. */
  label: string;
  /** The destination namespace, template filled in. */
  namespace: string | undefined;
}

export interface AppSource {
  source: Record<string, unknown>;
  /** Path from the object's root to the source. */
  at: FieldPath;
  /** The source's path, template filled in and normalised; absent for a chart source or one without a path. */
  dir: string | undefined;
  /** The repository it syncs from, normalised (`github.com/team/repo`); undefined when not written. */
  repo: string | undefined;
}

/** `https://user@Host/team/repo.git`, `git@host:team/repo` and `ssh://git@host/team/repo` alike: `host/team/repo`. */
export function normaliseRepoURL(url: string): string {
  let u = url.trim().replace(/\/+$/, '').replace(/\.git$/, '');
  const scp = /^[^@/:]+@([^:/]+):(.*)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  u = u.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '');
  const slash = u.indexOf('/');
  return slash < 0 ? u.toLowerCase() : `${u.slice(0, slash).toLowerCase().replace(/:\d+$/, '')}${u.slice(slash)}`;
}

/** `{{name}}`, `{{.name}}` and `{{ .name }}` replaced from an ApplicationSet list element. */
const fill = (s: string, params: Record<string, string>): string =>
  s.replace(/\{\{\s*\.?([A-Za-z0-9_.-]+)\s*\}\}/g, (m, k: string) => params[k] ?? m);

function view(object: KubeObject, base: FieldPath, spec: Record<string, unknown>, params: Record<string, string>): AppView {
  const ns = asRecord(spec.destination)?.namespace;
  return {
    object,
    base,
    spec,
    params,
    label: base.length === 1 ? `Application ${object.name}` : `ApplicationSet ${object.name} (${Object.values(params).join(', ')})`,
    namespace: typeof ns === 'string' ? fill(ns, params) : undefined,
  };
}

export function applications(o: KubeObject): AppView[] {
  if (!o.apiVersion.startsWith('argoproj.io/')) return [];
  if (o.kind === 'Application') return [view(o, ['spec'], asRecord(o.body.spec) ?? {}, {})];
  if (o.kind !== 'ApplicationSet') return [];
  const spec = asRecord(asRecord(asRecord(o.body.spec)?.template)?.spec) ?? {};
  const generators = asRecord(o.body.spec)?.generators;
  const elements = (Array.isArray(generators) ? generators : []).flatMap((g) => {
    const els = asRecord(asRecord(g)?.list)?.elements;
    return Array.isArray(els) ? els.map((e) => Object.fromEntries(Object.entries(asRecord(e) ?? {}).map(([k, v]) => [k, String(v)]))) : [];
  });
  return elements.map((params) => view(o, ['spec', 'template', 'spec'], spec, params));
}

export function sourcesOfApp(app: AppView): AppSource[] {
  const listed =
    app.spec.source !== undefined
      ? [{ s: asRecord(app.spec.source), at: [...app.base, 'source'] }]
      : (Array.isArray(app.spec.sources) ? app.spec.sources : []).map((s, i) => ({ s: asRecord(s), at: [...app.base, 'sources', i] }));
  return listed.flatMap(({ s, at }) => {
    if (!s) return [];
    const dir = typeof s.path === 'string' && s.chart === undefined ? posix.normalize(fill(s.path, app.params)).replace(/\/$/, '') : undefined;
    return [{ source: s, at, dir, repo: typeof s.repoURL === 'string' ? normaliseRepoURL(fill(s.repoURL, app.params)) : undefined }];
  });
}

/** Is `dir` a directory of the repository (not outside it)? */
export const inRepository = (root: string, dir: string): boolean => !dir.startsWith('..') && !posix.isAbsolute(dir) && existsSync(join(root, dir));

export const hasKustomization = (root: string, dir: string): boolean => KUSTOMIZATION_FILES.some((f) => existsSync(join(root, dir, f)));

/** The namespace a kustomization sets, read from its file. */
export function kustomizationNamespace(root: string, dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) {
    const file = join(root, dir, f);
    if (!existsSync(file)) continue;
    let doc: unknown;
    try {
      doc = yaml().parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined; // the YAML check reports a kustomization that does not parse
    }
    const ns = asRecord(doc)?.namespace;
    if (typeof ns === 'string') return ns;
  }
  return undefined;
}

/** The remotes of the git checkout at `root`, read from its config (nothing of the tree is run). */
function gitRemotes(root: string): string[] {
  try {
    return readGitRemotes(root);
  } catch {
    // An unreadable git directory only means the remotes are unknown: the other ways still apply.
    return [];
  }
}

function readGitRemotes(root: string): string[] {
  let gitDir = join(root, '.git');
  if (!existsSync(gitDir)) return [];
  if (statSync(gitDir).isFile()) {
    // A worktree or submodule: `.git` names the git directory; its config may live in the common one.
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, 'utf8'));
    if (!m) return [];
    gitDir = resolve(root, (m[1] as string).trim());
    const common = join(gitDir, 'commondir');
    if (existsSync(common)) gitDir = resolve(gitDir, readFileSync(common, 'utf8').trim());
  }
  const config = join(gitDir, 'config');
  if (!existsSync(config)) return [];
  return [...readFileSync(config, 'utf8').matchAll(/^\s*url\s*=\s*(.+)$/gm)].map((m) => normaliseRepoURL(m[1] as string));
}

/**
 * Which repoURLs are this repository: its git remotes, the repositories at least one of whose
 * source paths exists here (a clone from a mirror has another remote), and, when every source
 * names one repository, that one (a repository's Applications name it).
 */
export function thisRepository(root: string, sources: readonly AppSource[]): (repo: string | undefined) => boolean {
  const named = new Set(sources.flatMap((s) => (s.repo ? [s.repo] : [])));
  const ours = new Set([
    ...gitRemotes(root),
    ...sources.flatMap((s) => (s.repo && s.dir !== undefined && inRepository(root, s.dir) ? [s.repo] : [])),
    ...(named.size === 1 ? named : []),
  ]);
  return (repo) => repo === undefined || ours.has(repo);
}

const MANIFEST = /\.(ya?ml|json|jsonnet|libsonnet)$/;

/**
 * What Argo CD would sync from a directory: a kustomization, a Helm chart, or plain manifests and
 * Jsonnet (directly in it, or anywhere below when the source recurses). Undefined when none.
 */
export function syncedAs(root: string, dir: string, recurse: boolean): 'kustomize' | 'helm' | 'directory' | undefined {
  if (hasKustomization(root, dir)) return 'kustomize';
  if (existsSync(join(root, dir, 'Chart.yaml'))) return 'helm';
  const holdsManifests = (abs: string, depth: number): boolean =>
    readdirSync(abs, { withFileTypes: true }).some((e) => (e.isFile() && MANIFEST.test(e.name)) || (recurse && depth < 20 && e.isDirectory() && !e.name.startsWith('.') && holdsManifests(join(abs, e.name), depth + 1)));
  return statSync(join(root, dir)).isDirectory() && holdsManifests(join(root, dir), 0) ? 'directory' : undefined;
}
