// Patterns common in public GitOps repositories that are not mistakes, each with a fixture of its
// own, run through the CLI: none of them is reported, and the one real mistake beside them is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES } from './context.ts';

interface Reported {
  file: string;
  line: number;
  rule: string;
}

function findings(fixture: string): { status: number; reported: string[] } {
  const r = runValidateCli(join(FIXTURES, fixture), ['--format', 'json']);
  assert.ok(r.stdout, r.stderr);
  const all = (JSON.parse(r.stdout) as { findings: Reported[] }).findings;
  return { status: r.status, reported: all.map((f) => `${f.rule} ${f.file}:${f.line}`) };
}

test('a numeric targetPort reaches a container that declares no ports; a port name does not', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const r = findings('target-port-undeclared');
  assert.deepEqual(r.reported, ['service-target-port app/objects.yaml:38']);
});

test('argocd-path accepts plain-directory, Helm and Jsonnet sources and leaves other repositories alone', () => {
  const r = findings('argocd-sources');
  assert.deepEqual(r.reported, ['argocd-path applications.yaml:40']);
  assert.equal(r.status, 1);
});

test('a CRD pattern in Go RE2 syntax ((?i)) compiles, and objects of its kind are checked against it', () => {
  const r = findings('crd-re2');
  assert.deepEqual(r.reported, ['k8s-schema widgets.yaml:14']);
});

test('each item of a List (kind: List, ServiceList, DeploymentList) is checked by the schemas and the rules, in place', () => {
  const r = findings('list-kinds');
  assert.deepEqual(r.reported, ['k8s-unknown-field list.yaml:15', 'k8s-invalid-type list.yaml:27', 'image-tag list.yaml:47']);
});
