// Renders an overlay once per test process with `kubectl kustomize` and offers typed views of the objects,
// so the manifest tests read as statements about the rendered platform.
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { envNames, productionEnvNames, type EnvName } from '../../scripts/environments.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Every environment of the typed source: each has its overlay. */
export const ENVS = envNames;
export type Env = EnvName;

/** A rendered object: enough structure for the tests, the rest reached through the typed helpers below. */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Job']);

const cache = new Map<string, Promise<Obj[]>>();

async function render(dir: string): Promise<Obj[]> {
  const run = await runTool('kubectl', ['kustomize', dir], { cwd: repoRoot });
  if (run.exitCode !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

/** The objects of a kustomization directory (repository-relative), or null when kubectl is absent (test skipped). */
export async function rendered(t: TestContext, dir: string): Promise<Obj[] | null> {
  if (!(await requireTool(t, 'kubectl'))) return null;
  let objects = cache.get(dir);
  if (!objects) {
    objects = render(dir);
    cache.set(dir, objects);
  }
  return objects;
}

export const overlay = (t: TestContext, env: Env): Promise<Obj[] | null> => rendered(t, `overlays/${env}`);

export function find(objects: Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the render`);
  return found;
}

export const workloads = (objects: Obj[]): Obj[] => objects.filter((o) => WORKLOAD_KINDS.has(o.kind));

export function podTemplate(o: Obj): PodTemplateSpec {
  const template = (o.spec as { template?: PodTemplateSpec } | undefined)?.template;
  if (!template) throw new Error(`${o.kind} ${o.metadata.name} has no pod template`);
  return template;
}

export function podSpec(o: Obj): PodSpec {
  const spec = podTemplate(o).spec;
  if (!spec) throw new Error(`${o.kind} ${o.metadata.name} has no pod spec`);
  return spec;
}

export const replicas = (o: Obj): number => ((o.spec as { replicas?: number } | undefined)?.replicas ?? 1);

/** A ConfigMap's name without kustomize's hash suffix. */
export const unhashed = (name: string): string => name.replace(/-[a-z0-9]{10}$/, '');

/** True when every pair of `selector` is among `labels`. */
export const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The environments held to production standards: production-only expectations run once for each. */
export const PRODUCTION_ENVS = productionEnvNames;
/** The other environments (tier `development`). */
export const DEVELOPMENT_ENVS: readonly Env[] = envNames.filter((n) => !productionEnvNames.includes(n));

/**
 * One test per production-tier environment, named `<env>: <title>`, given that environment's render: what
 * only production must do is checked for every environment of that tier, whatever it is called.
 */
export function forProduction(title: string, body: (objects: Obj[], env: Env) => void | Promise<void>): void {
  for (const env of PRODUCTION_ENVS) {
    test(`${env}: ${title}`, async (t) => {
      const objects = await overlay(t, env);
      if (!objects) return;
      await body(objects, env);
    });
  }
}
