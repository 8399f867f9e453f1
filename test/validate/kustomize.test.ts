import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { objectChecks, validate } from '../../scripts/validate/registry.ts';
import { at, FIXTURES, findingsOf, validateFixture } from './helpers.ts';

test('a kustomization that does not render is a finding on its file, at the entry kustomize names', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const report = await validateFixture('kustomize-failure');
  const [f, ...rest] = findingsOf(report, 'kustomize-build');
  assert.equal(rest.length, 0);
  assert.ok(f, 'expected a finding');
  assert.equal(at(f), 'kustomization.yaml:5:5');
  assert.match(f.message, /missing\.yaml/);
  assert.doesNotMatch(f.message, /validate-kustomize-/, 'the message names the user\'s paths, not the temporary wrapper');
});

test('a mistake in a base rendered by two overlays is reported once, at the base file and line', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const report = await validateFixture('rendered');
  const unknown = findingsOf(report, 'k8s-unknown-field');
  assert.deepEqual(unknown.map(at), ['base/deployment.yaml:17:11']);
  assert.match(unknown[0]!.message, /imagePulPolicy.*did you mean "imagePullPolicy"/);
});

test('a mistake written by an overlay patch is reported at the patch', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const report = await validateFixture('rendered');
  assert.deepEqual(findingsOf(report, 'k8s-invalid-type').map(at), ['overlays/prod/replicas.yaml:6:3']);
});

test('rendered objects lose the origin annotations the wrapper added', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const seen: unknown[] = [];
  objectChecks.push({
    id: 'spy',
    description: 'records rendered objects',
    async run(ctx) {
      for (const r of ctx.renders) for (const o of r.objects) seen.push(o.body);
      return { findings: [], skipped: [] };
    },
  });
  try {
    await validate({ root: `${FIXTURES}/rendered`, paths: [], fileChecks: [], objectChecks: objectChecks.slice(-1) });
  } finally {
    objectChecks.pop();
  }
  assert.ok(seen.length > 0);
  assert.doesNotMatch(JSON.stringify(seen), /config\.kubernetes\.io\/origin|alpha\.config\.kubernetes\.io\/transformations/);
});
