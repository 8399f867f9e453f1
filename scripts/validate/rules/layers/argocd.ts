// argocd-path and argocd-namespace: each Argo CD Application syncs a directory of this repository
// that holds a kustomization, into the namespace that kustomization deploys to.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import type { KubeObject, ObjectContext } from '../../types.ts';
import { asRecord, type FieldPath } from '../kube.ts';
import type { Locator } from '../locate.ts';
import { namespaceOf } from '../renders.ts';
import type { FindingSink } from '../sink.ts';
import { objectScope } from '../waivers.ts';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface AppView {
  object: KubeObject;
  /** Path from the object's root to the Application spec. */
  base: FieldPath;
  spec: Record<string, unknown>;
  /** Template parameters of an ApplicationSet list element. */
  params: Record<string, string>;
}

/** `{{name}}`, `{{.name}}` and `{{ .name }}` replaced from an ApplicationSet list element. */
const fill = (s: string, params: Record<string, string>): string =>
  s.replace(/\{\{\s*\.?([A-Za-z0-9_.-]+)\s*\}\}/g, (m, k: string) => params[k] ?? m);

function applications(o: KubeObject): AppView[] {
  if (!o.apiVersion.startsWith('argoproj.io/')) return [];
  if (o.kind === 'Application') return [{ object: o, base: ['spec'], spec: asRecord(o.body.spec) ?? {}, params: {} }];
  if (o.kind !== 'ApplicationSet') return [];
  const spec = asRecord(asRecord(asRecord(o.body.spec)?.template)?.spec) ?? {};
  const generators = asRecord(o.body.spec)?.generators;
  const elements = (Array.isArray(generators) ? generators : []).flatMap((g) => {
    const els = asRecord(asRecord(g)?.list)?.elements;
    return Array.isArray(els) ? els.map((e) => Object.fromEntries(Object.entries(asRecord(e) ?? {}).map(([k, v]) => [k, String(v)]))) : [];
  });
  return elements.map((params) => ({ object: o, base: ['spec', 'template', 'spec'], spec, params }));
}

function kustomizationNamespace(root: string, dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) {
    try {
      const ns = asRecord(parse(readFileSync(join(root, dir, f), 'utf8')))?.namespace;
      if (typeof ns === 'string') return ns;
    } catch {
      /* absent or unreadable: try the next name */
    }
  }
  return undefined;
}

export function checkArgoApplications(ctx: ObjectContext, locator: Locator, sink: FindingSink): void {
  const objects = [...ctx.renders.flatMap((r) => r.objects), ...ctx.plain];
  for (const app of objects.flatMap(applications)) {
    const o = app.object;
    const scope = objectScope(o);
    const sources = app.spec.source !== undefined ? [{ s: asRecord(app.spec.source), at: [...app.base, 'source'] }] : (Array.isArray(app.spec.sources) ? app.spec.sources : []).map((s, i) => ({ s: asRecord(s), at: [...app.base, 'sources', i] }));
    const destNs = typeof asRecord(app.spec.destination)?.namespace === 'string' ? fill(asRecord(app.spec.destination)?.namespace as string, app.params) : undefined;
    for (const { s, at } of sources) {
      if (!s || typeof s.path !== 'string' || s.chart !== undefined) continue;
      const dir = posix.normalize(fill(s.path, app.params)).replace(/\/$/, '');
      const where = locator.field(o, [...at, 'path']);
      const label = app.base.length === 1 ? `Application ${o.name}` : `ApplicationSet ${o.name} (${Object.values(app.params).join(', ')})`;
      if (dir.startsWith('..') || posix.isAbsolute(dir) || !existsSync(join(ctx.root, dir))) {
        sink.report('argocd-path', where, `${label} syncs path ${dir}, which does not exist in the repository`, scope);
        continue;
      }
      if (!KUSTOMIZATION_FILES.some((f) => existsSync(join(ctx.root, dir, f)))) {
        sink.report('argocd-path', where, `${label} syncs path ${dir}, which holds no kustomization.yaml`, scope);
        continue;
      }
      const render = ctx.renders.find((r) => r.dir === dir);
      const overlayNs = (render && namespaceOf(render)) ?? kustomizationNamespace(ctx.root, dir);
      if (destNs !== undefined && overlayNs !== undefined && destNs !== overlayNs) {
        sink.report('argocd-namespace', locator.field(o, [...app.base, 'destination', 'namespace']), `${label} deploys ${dir} into namespace ${destNs}, but ${dir} sets namespace ${overlayNs}`, scope);
      }
    }
  }
}
