// Which renders the production-only rules judge: the tier the typed source gives an environment,
// never its name, where the tree has a scripts/environments.ts; the name where it has none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFacts } from '../../scripts/validate/rules/layers/facts.ts';
import { isProduction } from '../../scripts/validate/rules/renders.ts';
import type { KubeObject, Render } from '../../scripts/validate/types.ts';

const facts = readFacts(`
const live = { name: 'live', namespace: 'platform-live', tier: 'production' };
const prod = { name: 'prod', namespace: 'platform-prod', tier: 'development' };
`);

const render = (dir: string, namespace?: string): Render => ({
  dir,
  file: `${dir}/kustomization.yaml`,
  objects: namespace ? [{ kind: 'ConfigMap', name: 'x', namespace } as KubeObject] : [],
});

test('an overlay whose environment has tier production is production, whatever its name', () => {
  assert.equal(isProduction(render('overlays/live'), facts), true);
});

test('an overlay named prod whose environment has tier development is not production', () => {
  assert.equal(isProduction(render('overlays/prod'), facts), false);
});

test('a render outside overlays/ is matched to its environment by namespace', () => {
  assert.equal(isProduction(render('elsewhere', 'platform-live'), facts), true);
});

test('without the typed source, prod is recognised by its name', () => {
  assert.equal(isProduction(render('overlays/prod')), true);
  assert.equal(isProduction(render('overlays/live')), false);
});
