// Directories an Argo CD config management plugin renders at sync. Such a directory often holds a
// kustomization whose resources the plugin writes first (`helm template … > all.yaml`, say), so
// `kustomize build` of the committed files fails although Argo CD syncs it fine. The plugin's
// commands are not run on a tree being validated; its directory is said to be not rendered instead.
import type { ParsedFile } from './parse.ts';
import { applications, sourcesOfApp, thisRepository, type AppSource, type AppView } from './rules/argocd/applications.ts';
import { objectField, shownName } from './sources.ts';
import type { KubeObject } from './types.ts';

export interface PluginSource {
  /** `Application x (plugin y)`, for messages. */
  label: string;
  file: string;
  line: number;
}

/** The Applications (and ApplicationSet list elements) written as plain YAML in the tree. */
function plainApplications(parsed: ReadonlyMap<string, ParsedFile>): AppView[] {
  const out: AppView[] = [];
  for (const [path, file] of parsed) {
    if (!file.ok) continue;
    for (const doc of file.docs) {
      const apiVersion = objectField(doc.value, 'apiVersion');
      const kind = objectField(doc.value, 'kind');
      if (typeof apiVersion !== 'string' || !apiVersion.startsWith('argoproj.io/') || (kind !== 'Application' && kind !== 'ApplicationSet')) continue;
      const body = doc.value as Record<string, unknown>;
      const object: KubeObject = { apiVersion, kind, name: shownName(body), body, source: { file: path, line: doc.line, column: doc.column } };
      out.push(...applications(object));
    }
  }
  return out;
}

/** Each directory of this repository that an Application gives to a plugin, with the first Application that does. */
export function pluginRenderedDirs(root: string, parsed: ReadonlyMap<string, ParsedFile>): Map<string, PluginSource> {
  const apps = plainApplications(parsed).map((app) => ({ app, sources: sourcesOfApp(app) }));
  const isThisRepository = thisRepository(root, apps.flatMap((a) => a.sources));
  const dirs = new Map<string, PluginSource>();
  for (const { app, sources } of apps) {
    for (const { source, dir, repo } of sources as AppSource[]) {
      if (source.plugin === undefined || dir === undefined || !isThisRepository(repo) || dirs.has(dir)) continue;
      const name = objectField(source.plugin, 'name');
      const plugin = typeof name === 'string' ? `plugin ${name}` : 'a plugin';
      dirs.set(dir, { label: `${app.label} (${plugin})`, file: app.object.source.file, line: app.object.source.line });
    }
  }
  return dirs;
}
