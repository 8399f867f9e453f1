// Mistakes made in a copy of the repository's own manifests are reported at the file and line
// where they were made, through the real bases, overlays and Argo CD applications.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kubernetesSchemaCheck } from '../../scripts/validate/kube/check.ts';
import { validate, type ValidationReport } from '../../scripts/validate/registry.ts';
import { copyRepository, indentOf, mistake as mistakeIn, removeCopy } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';
import { at, findingsOf } from './helpers.ts';

const COPIED = ['base', 'overlays', 'config', 'clusters', 'terraform/variables.tf', 'validate.config.yaml'];
let root = '';
let report: ValidationReport | null = null;
const made: Record<string, string> = {};
const mistake = (file: string, pattern: RegExp, edit: (line: string) => string, column: (line: string) => number): string => mistakeIn(root, file, pattern, edit, column);

/** The first base workload file that sets an image, as a repository-relative path. */
function baseWorkload(): string {
  for (const component of readdirSync(join(root, 'base')).sort()) {
    for (const name of ['deployment.yaml', 'statefulset.yaml']) {
      const rel = `base/${component}/${name}`;
      if (existsSync(join(root, rel)) && /^\s+image: /m.test(readFileSync(join(root, rel), 'utf8'))) return rel;
    }
  }
  throw new Error('no base workload with an image; the repository changed, adapt this test');
}

before(() => {
  root = copyRepository(COPIED, 'repo-mistakes-');
  const workload = baseWorkload();
  // An unknown field beside the first image: same indentation, next line.
  const image = mistake(workload, /^\s+image: /, (l) => `${l}\n${' '.repeat(indentOf(l) - 1)}imagePulPolicy: IfNotPresent`, indentOf);
  const [file, line, col] = image.split(':');
  made.unknownField = `${file}:${Number(line) + 1}:${col}`;
  // Replicas and sizes come from the typed source now; the zone spread is still the prod patch's own.
  made.replicasType = mistake('overlays/prod/patches/zookeeper.yaml', /^\s+- maxSkew: \d+$/, (l) => l.replace(/(\d+)$/, '"$1"'), (l) => l.indexOf('maxSkew') + 1);
  made.deprecated = mistake('base/zookeeper/pdb.yaml', /^apiVersion: policy\/v1$/, () => 'apiVersion: policy/v1beta1', () => 1);
  made.render = mistake('clusters/dev/kustomization.yaml', /^resources:/, (l) => `${l}\n  - missing-application.yaml`, () => 5);
  made.render = made.render.replace(/:(\d+):/, (_m, n: string) => `:${Number(n) + 1}:`);
});

after(() => {
  removeCopy(root);
});

async function run(t: { skip(m: string): void }): Promise<ValidationReport | null> {
  if (!(await requireTool(t as never, 'kubectl'))) return null;
  report ??= await validate({ root, paths: [], fileChecks: [], objectChecks: [kubernetesSchemaCheck] });
  return report;
}

test('a misspelt field in a base is reported once, at the base, though both overlays render it', async (t) => {
  const r = await run(t);
  if (!r) return;
  assert.deepEqual(findingsOf(r, 'k8s-unknown-field').map(at), [made.unknownField]);
});

test('a wrong type set by a prod patch is reported at the patch', async (t) => {
  const r = await run(t);
  if (!r) return;
  assert.deepEqual(findingsOf(r, 'k8s-invalid-type').map(at), [made.replicasType]);
});

test('a removed apiVersion in a base is reported at its apiVersion line', async (t) => {
  const r = await run(t);
  if (!r) return;
  assert.deepEqual(findingsOf(r, 'k8s-deprecated-api').map(at), [made.deprecated]);
});

test('a kustomization listing a missing file is reported at that entry', async (t) => {
  const r = await run(t);
  if (!r) return;
  assert.deepEqual(findingsOf(r, 'kustomize-build').map(at), [made.render]);
});

test('nothing else is reported for the copy', async (t) => {
  const r = await run(t);
  if (!r) return;
  assert.equal(r.findings.length, 4, r.findings.map((f) => `${at(f)} ${f.rule} ${f.message}`).join('\n'));
});
