// Builds an ObjectContext by hand from a fixture directory (a miniature repository), so the rules
// run without kustomize. Each `objects.yaml` stands in for the render of the directory holding it:
// its documents are the rendered objects, and each object's source is its document in that file.
// A ConfigMap data value written `$file:<path>` is replaced by that file's text, as kustomize's
// configMapGenerator would.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { isMap, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import type { CheckResult, Finding, KubeObject, ObjectContext, Render, SourceFile } from '../../scripts/validate/types.ts';
import { crossChecks } from '../../scripts/validate/rules/index.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/rules');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

function objectsOf(file: SourceFile, files: SourceFile[]): KubeObject[] {
  const lines = new LineCounter();
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(file.text, { lineCounter: lines })) {
    if (!isMap(doc.contents)) continue;
    const body = doc.toJS() as Record<string, unknown>;
    const md = (body.metadata ?? {}) as { name?: string; namespace?: string };
    if (body.kind === 'ConfigMap' && body.data && typeof body.data === 'object') {
      for (const [k, v] of Object.entries(body.data as Record<string, unknown>)) {
        if (typeof v === 'string' && v.startsWith('$file:')) {
          const path = v.slice('$file:'.length);
          const src = files.find((f) => f.path === path);
          if (!src) throw new Error(`${file.path}: $file:${path} names no fixture file`);
          (body.data as Record<string, unknown>)[k] = src.text;
        }
      }
    }
    const pos = lines.linePos(doc.contents.range[0]);
    out.push({
      apiVersion: String(body.apiVersion),
      kind: String(body.kind),
      name: String(md.name),
      ...(md.namespace ? { namespace: md.namespace } : {}),
      body,
      source: { file: file.path, line: pos.line, column: pos.col },
    });
  }
  return out;
}

/** The fixture test/fixtures/rules/<dir> as the pipeline would hand it to the rules. */
export function fixtureContext(dir: string): ObjectContext {
  const root = join(FIXTURES, dir);
  const files: SourceFile[] = walk(root)
    .sort()
    .map((absPath) => {
      const path = relative(root, absPath).split(sep).join('/');
      return { path, absPath, kind: /\.ya?ml$/.test(path) ? 'yaml' : 'other', text: readFileSync(absPath, 'utf8') };
    });
  const renders: Render[] = files
    .filter((f) => posix.basename(f.path) === 'objects.yaml')
    .map((f) => ({ dir: posix.dirname(f.path), file: posix.join(posix.dirname(f.path), 'kustomization.yaml'), objects: objectsOf(f, files) }));
  return { root, files, options: { kubeVersion: '1.33', requireAll: false, cache: true }, renders, plain: [] };
}

export async function runRules(ctx: ObjectContext): Promise<Finding[]> {
  const results: CheckResult[] = await Promise.all(crossChecks.map((c) => c.run(ctx)));
  return results.flatMap((r) => r.findings);
}

/** Where a waiver goes: an object of a render (on its metadata), or a compose service (as a label). */
export type WaiverTarget = { kind: string; name: string } | { compose: string };

/** Adds `ignore-check.platform-team.io/<rule>: <reason>` to each target, in place. */
export function addWaiver(ctx: ObjectContext, rule: string, reason: string, targets: readonly WaiverTarget[]): void {
  const key = `ignore-check.platform-team.io/${rule}`;
  for (const t of targets) {
    if ('compose' in t) {
      const file = ctx.files.find((f) => f.path.startsWith('compose/'));
      if (!file) throw new Error('fixture has no compose file');
      const doc = parseDocument(file.text);
      doc.setIn(['services', t.compose, 'labels', key], reason);
      file.text = doc.toString();
      continue;
    }
    const objects = ctx.renders.flatMap((r) => r.objects).filter((o) => o.kind === t.kind && o.name === t.name);
    if (objects.length === 0) throw new Error(`fixture has no ${t.kind} ${t.name}`);
    for (const o of objects) {
      const md = (o.body.metadata ??= {}) as { annotations?: Record<string, string> };
      md.annotations = { ...md.annotations, [key]: reason };
    }
  }
}
