// Pods an operator makes from a custom resource (prometheus-operator, ECK, Strimzi, or a kind
// validate.config.yaml declares under rules.podMakers) are pods a selector can select.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES } from './context.ts';

test('Services, PDBs and NetworkPolicies selecting operator-made pods select something; a selector matching nothing is still reported', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const r = runValidateCli(join(FIXTURES, 'operator-pods'), ['--format', 'json']);
  const findings = (JSON.parse(r.stdout) as { findings: { file: string; line: number; rule: string }[] }).findings;
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.file}:${f.line}`), ['service-selector-no-match app/selectors.yaml:60']);
  assert.equal(r.status, 1);
});
