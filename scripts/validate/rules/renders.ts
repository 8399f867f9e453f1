// Which renders the rules judge, and which environment each belongs to.
import { posix } from 'node:path';
import { yaml } from '../lazy.ts';
import type { Render } from '../types.ts';
import type { Facts } from './layers/facts.ts';
import type { SourceIndex } from '../sources.ts';

/**
 * Renders that no other kustomization includes: what is actually applied. A base rendered on its
 * own lacks what its overlay adds (generated ConfigMaps, namespaces), so judging it alone would
 * report references that the overlay satisfies; its objects are judged through the overlays.
 */
export function rootRenders(renders: readonly Render[], files: Pick<SourceIndex, 'text'>): Render[] {
  const included = new Set<string>();
  for (const r of renders) {
    const text = files.text(r.file);
    if (text === undefined) continue;
    let k: unknown;
    try {
      k = yaml().parse(text);
    } catch {
      continue; // the YAML check reports the syntax error
    }
    if (!k || typeof k !== 'object') continue;
    const rec = k as Record<string, unknown>;
    for (const field of ['resources', 'components', 'bases']) {
      const list = rec[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || /^[a-z]+:\/\//i.test(entry)) continue;
        included.add(posix.normalize(posix.join(r.dir, entry)).replace(/\/$/, ''));
      }
    }
  }
  return renders.filter((r) => !included.has(posix.normalize(r.dir).replace(/\/$/, '')));
}

/**
 * The environment of a render: the directory segment after `overlays/` or `clusters/`
 * (overlays/prod → prod); otherwise the common `-<env>` suffix of its objects' namespaces
 * (platform-prod → prod); otherwise unknown.
 */
export function environmentOf(render: Render): string | undefined {
  const m = /(?:^|\/)(?:overlays|clusters)\/([^/]+)/.exec(render.dir);
  if (m) return m[1];
  const suffixes = new Set(render.objects.flatMap((o) => (o.namespace ? [o.namespace.slice(o.namespace.lastIndexOf('-') + 1)] : [])));
  return suffixes.size === 1 ? [...suffixes][0] : undefined;
}

/**
 * Whether a render deploys a production-grade environment. Where the tree's scripts/environments.ts
 * gives the render's environment (found by its overlay or cluster folder, else by its namespace) a
 * tier, the tier decides; a tree without one is judged by the name (prod, production).
 */
export function isProduction(render: Render, facts?: Facts): boolean {
  const env = environmentOf(render);
  if (facts) {
    const namespace = namespaceOf(render);
    const known = (env === undefined ? undefined : facts.envs.get(env)) ?? [...facts.envs.values()].find((e) => namespace !== undefined && e.namespace === namespace);
    if (known?.tier !== undefined) return known.tier === 'production';
  }
  return ['prod', 'production'].includes(env ?? '');
}

/** The namespace the render deploys into: the most common namespace among its objects. */
export function namespaceOf(render: Render): string | undefined {
  const counts = new Map<string, number>();
  for (const o of render.objects) if (o.namespace) counts.set(o.namespace, (counts.get(o.namespace) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
