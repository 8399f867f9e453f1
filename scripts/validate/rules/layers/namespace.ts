// Where a namespace disagreement starts. Three places name an environment's namespace: the
// typed source (scripts/environments.ts), the overlay's `namespace:` line, and the Argo CD
// Applications that deploy the overlay (with the out-of-band objects declared for it in
// validate.config.yaml). When the overlay and the source differ, the side the others agree with is
// the truth and the other side is what a person changed: one finding there (namespace-mismatch),
// and what follows from it (the Application's destination, every reference to an out-of-band
// Secret of the old namespace) is reported as a consequence of it.
import { yaml } from '../../lazy.ts';
import type { ObjectContext, Render, SourceLocation } from '../../types.ts';
import { applications, sourcesOfApp } from '../argocd/applications.ts';
import { asRecord } from '../kube.ts';
import { Locator, sourcesOf } from '../locate.ts';
import { environmentOf } from '../renders.ts';
import type { EnvFacts, Facts } from './facts.ts';

export const NAMESPACE_RULE = 'namespace-mismatch';

export interface NamespaceDrift {
  env: string;
  /** The namespace the overlay's kustomization sets, and where. */
  overlay: string;
  overlayAt: SourceLocation;
  /** The environment's namespace in the typed source, and where it is written. */
  expected: string;
  expectedAt: SourceLocation;
  /** The Applications that deploy the overlay: their destination namespace and where it is written. */
  apps: { label: string; namespace: string; at: SourceLocation }[];
  /**
   * Which side was changed: `source` when every Application deploys where the overlay says (the
   * source is the odd one), else `overlay` (it disagrees with the source and the Applications).
   */
  changed: 'overlay' | 'source';
  /** Where the one finding is reported: the overlay's `namespace:` line, or the source's literal. */
  cause: { file: string; line: number; rule: string };
}

const memo = new WeakMap<Render, NamespaceDrift | null>();

/** The namespace drift of an overlay render against the typed source (`facts`, read from `factsFile`), if there is one. */
export function namespaceDrift(ctx: ObjectContext, render: Render, fact: EnvFacts | undefined, factsFile: string | undefined): NamespaceDrift | undefined {
  if (!fact || !factsFile) return undefined;
  if (!memo.has(render)) memo.set(render, compute(ctx, render, fact, factsFile) ?? null);
  return memo.get(render) ?? undefined;
}

/** The same, for a render whose environment is looked up in the whole `facts`. */
export const namespaceDriftOf = (ctx: ObjectContext, render: Render, facts: Facts | undefined): NamespaceDrift | undefined => {
  const env = environmentOf(render);
  return facts && env !== undefined ? namespaceDrift(ctx, render, facts.envs.get(env), facts.file) : undefined;
};

function compute(ctx: ObjectContext, render: Render, fact: EnvFacts, factsFile: string): NamespaceDrift | undefined {
  const env = environmentOf(render);
  if (!env || !fact.namespace || !fact.at?.namespace || !render.dir.startsWith('overlays/')) return undefined;
  const locator = new Locator(sourcesOf(ctx));
  let overlay: unknown;
  try {
    overlay = asRecord(yaml().parse(locator.sources.text(render.file) ?? ''))?.namespace;
  } catch {
    return undefined; // a kustomization that does not parse is the YAML check's finding
  }
  if (typeof overlay !== 'string' || overlay === fact.namespace) return undefined;
  const overlayAt = locator.inFile(render.file, ['namespace']);
  const expectedAt = { file: factsFile, ...fact.at.namespace };
  const apps = [...ctx.renders.flatMap((r) => r.objects), ...ctx.plain]
    .flatMap(applications)
    .filter((app) => app.namespace !== undefined && sourcesOfApp(app).some((s) => s.dir === render.dir))
    .map((app) => ({ label: app.label, namespace: app.namespace as string, at: locator.field(app.object, [...app.base, 'destination', 'namespace']) }));
  const changed = apps.length > 0 && apps.every((a) => a.namespace === overlay) ? 'source' : 'overlay';
  const at = changed === 'overlay' ? overlayAt : expectedAt;
  return { env, overlay, overlayAt, expected: fact.namespace, expectedAt, apps, changed, cause: { file: at.file, line: at.line, rule: NAMESPACE_RULE } };
}
