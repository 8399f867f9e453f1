// argocd-path: each Argo CD Application syncs a directory of this repository that holds a kustomization.
import { defineRule } from '../rule.ts';
import { hasKustomization, inRepository } from './applications.ts';

export default defineRule({
  id: 'argocd-path',
  severity: 'error',
  description: 'An Argo CD Application source path does not exist or holds no kustomization.',
  scope: 'application',
  run({ app, sources, ctx, report }) {
    for (const { dir, at } of sources) {
      if (dir === undefined) continue;
      if (!inRepository(ctx.root, dir)) report([...at, 'path'], `${app.label} syncs path ${dir}, which does not exist in the repository`);
      else if (!hasKustomization(ctx.root, dir)) report([...at, 'path'], `${app.label} syncs path ${dir}, which holds no kustomization.yaml`);
    }
  },
});
