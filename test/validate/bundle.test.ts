import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { loadBundled, MODULES_CACHE_LIMIT } from '../../scripts/validate/bundle.ts';
import { REPO } from './helpers.ts';

type Validator = ((data: unknown) => boolean) & { errors?: unknown };

const schemas = join(dirname(createRequire(import.meta.url).resolve('kubernetes-models/package.json')), '_schemas');
const deployment = join(schemas, 'IoK8sApiAppsV1Deployment.js');
const service = join(schemas, 'IoK8sApiCoreV1Service.js');

const valid = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } };
const invalid = { ...valid, spec: { ...valid.spec, replicas: 'three' } };

test('modules loaded from one bundle behave as the same modules imported', async () => {
  const [bundled] = (await loadBundled([deployment]))!;
  const imported = (await import(pathToFileURL(deployment).href)) as { validate: Validator };
  const validate = bundled!.validate as Validator;
  assert.equal(validate(valid), imported.validate(valid));
  assert.equal(validate(invalid), false);
  assert.deepEqual(validate.errors, (imported.validate(invalid), imported.validate.errors));
});

test('several modules come back from one bundle in the order asked for', async () => {
  const mods = (await loadBundled([service, deployment]))!;
  assert.equal(mods.length, 2);
  assert.equal((mods[0]!.validate as Validator)({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }), true);
  assert.equal((mods[1]!.validate as Validator)(valid), true);
});

test('a module that cannot be bundled gives null, so the caller imports instead', async () => {
  assert.equal(await loadBundled([join(schemas, 'NoSuchSchema.js')]), null);
});

test('a second load of the same modules reads the kept bundle, and the cache keeps a bounded number of bundles', async () => {
  const cache = join(REPO, 'node_modules', '.cache', `platform-validate-bundle-test-${process.pid}`);
  const saved = process.env.PLATFORM_VALIDATE_CACHE;
  process.env.PLATFORM_VALIDATE_CACHE = cache;
  try {
    // The smallest schema modules, so the many builds stay quick.
    const small = readdirSync(schemas)
      .filter((f) => f.startsWith('IoK8sApiCoreV1') && f.endsWith('.js'))
      .map((f) => join(schemas, f))
      .sort((a, b) => statSync(a).size - statSync(b).size)
      .slice(0, MODULES_CACHE_LIMIT + 2);
    assert.equal(small.length, MODULES_CACHE_LIMIT + 2, 'enough small schema modules to overflow the cache');
    for (const f of small) assert.ok(await loadBundled([f]));
    const kept = () => readdirSync(`${cache}-modules`).filter((f) => f.endsWith('.cjs'));
    assert.equal(kept().length, MODULES_CACHE_LIMIT);
    const before = kept();
    assert.ok(await loadBundled([small[small.length - 1]!]));
    assert.deepEqual(kept(), before, 'a load of kept modules writes no new bundle');
  } finally {
    if (saved === undefined) delete process.env.PLATFORM_VALIDATE_CACHE;
    else process.env.PLATFORM_VALIDATE_CACHE = saved;
    rmSync(`${cache}-modules`, { recursive: true, force: true });
  }
});
