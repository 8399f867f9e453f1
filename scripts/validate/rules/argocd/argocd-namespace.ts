// argocd-namespace: an Argo CD Application deploys a kustomization into the namespace that
// kustomization sets.
import { namespaceDriftOf } from '../layers/namespace.ts';
import { namespaceOf } from '../renders.ts';
import { defineRule } from '../rule.ts';
import { hasKustomization, inRepository, kustomizationNamespace } from './applications.ts';

export default defineRule({
  id: 'argocd-namespace',
  severity: 'error',
  description: "An Argo CD Application's destination namespace differs from the namespace of the overlay it syncs.",
  scope: 'application',
  run({ app, sources, ctx, facts, isThisRepository, report }) {
    if (app.namespace === undefined) return;
    for (const { dir, repo } of sources) {
      // A path that is not a kustomization of this repository is argocd-path's finding.
      if (dir === undefined || !isThisRepository(repo) || !inRepository(ctx.root, dir) || !hasKustomization(ctx.root, dir)) continue;
      const render = ctx.renders.find((r) => r.dir === dir);
      const overlayNs = (render && namespaceOf(render)) ?? kustomizationNamespace(ctx.root, dir);
      if (overlayNs !== undefined && app.namespace !== overlayNs) {
        // The overlay's namespace changed and this Application still deploys where the typed source says: namespace-mismatch's finding.
        const drift = render ? namespaceDriftOf(ctx, render, facts) : undefined;
        const causedBy = drift?.changed === 'overlay' && app.namespace === drift.expected ? drift.cause : undefined;
        report([...app.base, 'destination', 'namespace'], `${app.label} deploys ${dir} into namespace ${app.namespace}, but ${dir} sets namespace ${overlayNs}`, causedBy ? { causedBy } : {});
      }
    }
  },
});
