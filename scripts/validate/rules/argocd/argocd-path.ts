// argocd-path: each Argo CD Application that syncs this repository syncs a directory of it that
// Argo CD can render: a kustomization, a Helm chart, or plain manifests / Jsonnet. Sources of other
// repositories (another repoURL) are not this tree's to judge; a plugin's directory need only exist.
import { asRecord } from '../kube.ts';
import { defineRule } from '../rule.ts';
import { inRepository, syncedAs } from './applications.ts';

export default defineRule({
  id: 'argocd-path',
  severity: 'error',
  description: "An Argo CD Application source path of this repository does not exist, or holds nothing Argo CD can sync (kustomization, Helm chart, manifests or Jsonnet).",
  scope: 'application',
  run({ app, sources, ctx, isThisRepository, report }) {
    for (const { source, dir, repo, at } of sources) {
      if (dir === undefined || !isThisRepository(repo)) continue;
      if (!inRepository(ctx.root, dir)) report([...at, 'path'], `${app.label} syncs path ${dir}, which does not exist in the repository`);
      // A config management plugin decides what a directory holds (plugin-sources.ts): only that it exists is checked.
      else if (source.plugin === undefined && !syncedAs(ctx.root, dir, asRecord(source.directory)?.recurse === true)) report([...at, 'path'], `${app.label} syncs path ${dir}, which holds no kustomization.yaml, Chart.yaml, manifests or Jsonnet`);
    }
  },
});
