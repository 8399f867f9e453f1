// The overlays hold differences only: patches that change credentials, spreading and exposure, never a copy
// of what the bases already say, nor a size or count, which the typed source owns (config/<env>/environment).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENVS, podSpec, rendered, repoRoot } from './render.ts';

/**
 * Keys whose presence in a patch would mean a base is being restated, or a size or count that
 * scripts/environments.ts owns (`replicas`, `resources`, claim sizes) being written a second time.
 */
const BASE_ONLY = ['image', 'command', 'readinessProbe', 'livenessProbe', 'startupProbe', 'securityContext', 'volumeClaimTemplates', 'selector', 'replicas', 'resources', 'storage'];

const keysOf = (value: unknown, out = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
};

interface PatchDoc {
  metadata?: { name?: string };
  spec?: { template?: { spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] } } };
}

test('overlay patches restate no image, command, probe, security context, selector, claim template, count or size', async (t) => {
  // A container only an overlay runs (not in the base: e.g. prod Kafka's scram-users step) is defined whole in its patch.
  const base = await rendered(t, 'base');
  if (!base) return;
  const baseContainers = (name: string | undefined): Set<string> => {
    const w = base.find((o) => o.metadata.name === name && o.spec?.template !== undefined);
    return new Set(w ? [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers].map((c) => c.name) : []);
  };
  const dirs = ENVS.map((env) => join(repoRoot, 'overlays', env, 'patches')).filter((d) => existsSync(d));
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f)));
  assert.ok(files.length > 0);
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const patch = doc.toJS() as PatchDoc;
      const inBase = baseContainers(patch.metadata?.name);
      const pod = patch.spec?.template?.spec;
      if (pod) {
        pod.initContainers = pod.initContainers?.filter((c) => inBase.has(c.name));
        pod.containers = pod.containers?.filter((c) => inBase.has(c.name));
      }
      const keys = keysOf(patch);
      for (const key of BASE_ONLY) assert.ok(!keys.has(key), `${file} sets ${key}`);
    }
  }
});

test('each overlay adds only its namespace, the base, its generated config and environment facts', () => {
  for (const env of ENVS) {
    const k = parse(readFileSync(join(repoRoot, `overlays/${env}/kustomization.yaml`), 'utf8')) as {
      namespace: string;
      resources: string[];
      components: string[];
    };
    assert.equal(k.namespace, `platform-${env}`);
    assert.deepEqual(k.resources, ['../../base', `../../config/${env}`]);
    // The generated Component comes last, so that it also pins and sizes what an overlay's own Component adds
    // (prod's scram-users step); those live inside the overlay.
    assert.equal(k.components.at(-1), `../../config/${env}/environment`);
    for (const c of k.components.slice(0, -1)) assert.ok(!c.startsWith('.'), `${env}: component ${c} is outside overlays/${env}`);
  }
});
