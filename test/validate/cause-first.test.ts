// One mistake that breaks the renders built on it is reported once, at the mistake, with what
// follows from it folded under it: in a copy of the repository, through `npm run validate`.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { JsonReport } from '../../scripts/validate/report/json.ts';
import { copyRepository, lineNumber, mistake, removeCopy } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

const COPIED = ['.github', 'base', 'clusters', 'compose', 'config', 'docs', 'jobs', 'overlays', 'scripts', 'terraform', 'README.md', 'package.json', 'tsconfig.json', 'validate.config.yaml'];
const copies: string[] = [];
after(() => copies.forEach(removeCopy));

interface Outcome {
  report: JsonReport;
  text: string;
  status: number;
}

/** Validates a fresh copy after `edit`, as JSON and as text. */
function validateCopyAfter(edit: (root: string) => void): Outcome {
  const root = copyRepository(COPIED, 'cause-first-');
  copies.push(root);
  edit(root);
  const json = runValidateCli(root, ['--format', 'json']);
  assert.ok(json.stdout.startsWith('{'), json.stderr);
  const text = runValidateCli(root, []);
  return { report: JSON.parse(json.stdout) as JsonReport, text: text.stdout, status: json.status };
}

const errorsOf = (r: JsonReport): string[] => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.rule}`);

/** The report has exactly the one error and at least one consequence folded under it. */
function assertOneCause(o: Outcome, cause: { file: string; line: number; rule: string }): void {
  assert.deepEqual(errorsOf(o.report), [`${cause.file}:${cause.line} ${cause.rule}`], JSON.stringify(o.report.findings, null, 1));
  assert.equal(o.report.summary.errors, 1);
  assert.equal(o.status, 1);
  assert.ok(o.report.folded.length > 0, 'the consequences are listed in the JSON report');
  for (const f of o.report.folded) assert.deepEqual(f.causedBy, cause, `${f.file}:${f.line} ${f.rule}`);
  assert.equal(o.report.summary.folded, o.report.folded.length);
  assert.ok(o.report.folded.some((f) => f.rule === 'kustomize-build'), 'the renders that build on the mistake fail, folded');
  assert.match(o.text, new RegExp(`\\(${o.report.folded.length} consequences folded; --verbose shows them\\)`));
  assert.match(o.text, / 1 error, /);
}

test('a kustomization resource naming a missing file is one error at that entry', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    mistake(root, 'base/kafka/kustomization.yaml', /^\s+- pdb\.yaml$/, (l) => `${l}\n  - missing.yaml`, () => 1);
    line = lineNumber(root, 'base/kafka/kustomization.yaml', /^\s+- missing\.yaml$/);
  });
  assertOneCause(o, { file: 'base/kafka/kustomization.yaml', line, rule: 'kustomize-build' });
  assert.match(o.report.findings[0]!.message, /"missing\.yaml" names base\/kafka\/missing\.yaml, which does not exist/);
});

test('a duplicate key in a base manifest is one error at the repeated key', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    const at = mistake(root, 'base/kafka/statefulset.yaml', /^\s+serviceName: /, (l) => `${l}\n${l}`, () => 1);
    line = Number(at.split(':')[1]) + 1;
  });
  assertOneCause(o, { file: 'base/kafka/statefulset.yaml', line, rule: 'yaml-duplicate-key' });
});

test('a YAML syntax error in a base manifest is one error at its line', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    const at = mistake(root, 'base/kafka/statefulset.yaml', /^\s+serviceName: /, (l) => `${l}: oops`, () => 1);
    line = Number(at.split(':')[1]);
  });
  assertOneCause(o, { file: 'base/kafka/statefulset.yaml', line, rule: 'yaml-syntax' });
});
