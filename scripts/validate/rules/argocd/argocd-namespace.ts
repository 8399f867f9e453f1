// argocd-namespace: an Argo CD Application deploys a kustomization into the namespace that
// kustomization sets.
import { namespaceOf } from '../renders.ts';
import { defineRule } from '../rule.ts';
import { hasKustomization, inRepository, kustomizationNamespace } from './applications.ts';

export default defineRule({
  id: 'argocd-namespace',
  severity: 'error',
  description: "An Argo CD Application's destination namespace differs from the namespace of the overlay it syncs.",
  scope: 'application',
  run({ app, sources, ctx, isThisRepository, report }) {
    if (app.namespace === undefined) return;
    for (const { dir, repo } of sources) {
      // A path that is not a kustomization of this repository is argocd-path's finding.
      if (dir === undefined || !isThisRepository(repo) || !inRepository(ctx.root, dir) || !hasKustomization(ctx.root, dir)) continue;
      const render = ctx.renders.find((r) => r.dir === dir);
      const overlayNs = (render && namespaceOf(render)) ?? kustomizationNamespace(ctx.root, dir);
      if (overlayNs !== undefined && app.namespace !== overlayNs) {
        report([...app.base, 'destination', 'namespace'], `${app.label} deploys ${dir} into namespace ${app.namespace}, but ${dir} sets namespace ${overlayNs}`);
      }
    }
  },
});
