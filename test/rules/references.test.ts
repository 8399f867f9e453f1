// missing-reference and the objects validate.config.yaml declares external.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureContext, runRules } from './context.ts';

test('missing-reference: a Secret declared under kubernetes.externalObjects is accepted, an undeclared one is flagged', async () => {
  const missing = (await runRules(fixtureContext('external'))).filter((f) => f.rule === 'missing-reference');
  assert.deepEqual(
    missing.map((f) => `${f.file}:${f.line}`),
    ['overlays/prod/objects.yaml:23'],
  );
  assert.match(missing[0]!.message, /Secret "elasticsearch-tls"/);
});

test('missing-reference: a key absent from a ConfigMap of the render is flagged', async () => {
  const ctx = fixtureContext('external');
  const render = ctx.renders[0]!;
  render.objects.push({
    apiVersion: 'v1',
    kind: 'Secret',
    name: 'elasticsearch-tls',
    namespace: 'platform-prod',
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'elasticsearch-tls', namespace: 'platform-prod' }, data: { 'tls.crt': '' } },
    source: { file: 'overlays/prod/objects.yaml', line: 1, column: 1 },
  });
  const missing = (await runRules(ctx)).filter((f) => f.rule === 'missing-reference');
  assert.equal(missing.length, 1);
  assert.match(missing[0]!.message, /key "ca\.crt" of Secret elasticsearch-tls, which has keys tls\.crt/);
});
