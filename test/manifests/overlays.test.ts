// The overlays hold differences only: patches that change sizes, counts, credentials and exposure, never a
// copy of what the bases already say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ENVS, repoRoot } from './render.ts';

/** Keys whose presence in a patch would mean a base is being restated. */
const BASE_ONLY = ['image', 'command', 'readinessProbe', 'livenessProbe', 'startupProbe', 'securityContext', 'volumeClaimTemplates', 'selector'];

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

test('prod patches restate no image, command, probe, security context, selector or claim template', () => {
  const dir = join(repoRoot, 'overlays/prod/patches');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 0);
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const keys = keysOf(doc.toJS());
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
    assert.deepEqual(k.components, [`../../config/${env}/environment`]);
  }
});
