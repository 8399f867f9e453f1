import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ValidationReport } from '../../scripts/validate/registry.ts';
import { formatGithub } from '../../scripts/validate/report/github.ts';
import { formatJson, toJsonReport } from '../../scripts/validate/report/json.ts';
import { formatJunit } from '../../scripts/validate/report/junit.ts';
import { formatText } from '../../scripts/validate/report/text.ts';
import type { Finding } from '../../scripts/validate/types.ts';

const unknownField: Finding = {
  file: 'base/web/deployment.yaml',
  line: 17,
  column: 11,
  severity: 'error',
  rule: 'k8s-unknown-field',
  message: 'spec.template.spec.containers[0].imagePulPolicy: unknown field "imagePulPolicy"; did you mean "imagePullPolicy"?',
};
const deprecated: Finding = { file: 'base/web/pdb.yaml', line: 1, column: 1, severity: 'warning', rule: 'k8s-deprecated-api', message: 'deprecated, 50% off: use policy/v1' };
const parseError: Finding = { file: 'compose/compose.yaml', line: 3, column: 2, severity: 'error', rule: 'yaml-syntax', message: 'bad <indent> & "quote"' };

const report: ValidationReport = {
  root: '/repo',
  kubeVersion: '1.33',
  files: 12,
  objects: 7,
  checks: [
    { id: 'parse', description: 'syntax', findings: [parseError], skipped: [], elapsedMs: 5 },
    { id: 'kubernetes-schema', description: 'schemas', findings: [deprecated, unknownField], skipped: [], elapsedMs: 20 },
    { id: 'shellcheck', description: 'shell scripts', findings: [], skipped: [{ check: 'shellcheck', reason: 'shellcheck is not on the PATH', fix: 'apt-get install -y shellcheck' }], elapsedMs: 1 },
  ],
  findings: [unknownField, deprecated, parseError],
  skipped: [{ check: 'shellcheck', reason: 'shellcheck is not on the PATH', fix: 'apt-get install -y shellcheck' }],
  elapsedMs: 1234,
};

test('text: one `path:line:col  severity  rule  message` line per finding, files separated, then skipped checks and a summary', () => {
  const lines = formatText(report).trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 6), [
    `base/web/deployment.yaml:17:11  error  k8s-unknown-field  ${unknownField.message}`,
    '',
    'base/web/pdb.yaml:1:1  warning  k8s-deprecated-api  deprecated, 50% off: use policy/v1',
    '',
    'compose/compose.yaml:3:2  error  yaml-syntax  bad <indent> & "quote"',
    '',
  ]);
  assert.ok(lines.includes('Checks that did not run:'));
  assert.ok(lines.includes('  shellcheck: shellcheck is not on the PATH; to run it: apt-get install -y shellcheck'));
  assert.equal(lines.at(-1), 'FAIL: 12 files, 7 Kubernetes objects (Kubernetes 1.33), 2 errors, 1 warning, 1 check did not run in 1.23s');
});

test('json: the documented shape, each finding attributed to its check', () => {
  const json = JSON.parse(formatJson(report)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['version', 'kubeVersion', 'summary', 'findings', 'folded', 'skipped', 'checks']);
  assert.equal(json.version, 1);
  assert.deepEqual(json.summary, { files: 12, objects: 7, errors: 2, warnings: 1, folded: 0, checks: 3, skippedChecks: 1, elapsedMs: 1234 });
  assert.deepEqual((json.findings as unknown[])[0], { ...unknownField, check: 'kubernetes-schema' });
  assert.deepEqual(json.skipped, report.skipped);
  assert.deepEqual((json.checks as unknown[])[2], { id: 'shellcheck', description: 'shell scripts', findings: 0, folded: 0, skipped: true, elapsedMs: 1 });
});

test('json: a finding that knows its line\'s right text carries it as expected and found', () => {
  const drift: Finding = { file: 'config/dev/prometheus.yml', line: 3, column: 1, severity: 'error', rule: 'generated-drift', message: 'differs', expected: '  scrape_interval: 15s', found: '  scrape_interval: 17s' };
  const json = toJsonReport({ ...report, checks: [{ id: 'generated-drift', description: 'drift', findings: [drift], skipped: [], elapsedMs: 1 }], findings: [drift] });
  assert.deepEqual(json.findings[0], { ...drift, check: 'generated-drift' });
});

test('text and json: a folded consequence is counted under its cause, listed with --verbose and in json', () => {
  const cause = report.findings.find((f) => f.severity === 'error')!;
  const consequence = { file: 'overlays/x/kustomization.yaml', line: 1, column: 1, severity: 'error' as const, rule: 'kustomize-build', message: 'fails too' };
  const withFolded = { ...report, folded: [{ ...consequence, causedBy: { file: cause.file, line: cause.line, rule: cause.rule } }] };
  assert.match(formatText(withFolded), /\n {4}\(1 consequence folded; --verbose shows them\)\n/);
  assert.match(formatText(withFolded, { verbose: true }), /\n {4}caused: overlays\/x\/kustomization.yaml:1:1 {2}error {2}kustomize-build {2}fails too\n/);
  const json = toJsonReport(withFolded);
  assert.equal(json.summary.errors, 2, 'a consequence is not an error of its own');
  assert.equal(json.summary.folded, 1);
  assert.deepEqual(json.folded[0]!.causedBy, { file: cause.file, line: cause.line, rule: cause.rule });
});

test('github: workflow-command annotations with escaped properties and data', () => {
  const lines = formatGithub(report).trimEnd().split('\n');
  assert.equal(lines[0], `::error file=base/web/deployment.yaml,line=17,col=11,title=k8s-unknown-field::${unknownField.message}`);
  assert.equal(lines[1], '::warning file=base/web/pdb.yaml,line=1,col=1,title=k8s-deprecated-api::deprecated, 50%25 off: use policy/v1');
  assert.equal(lines[3], '::warning title=shellcheck did not run::shellcheck is not on the PATH; to run it: apt-get install -y shellcheck');
  assert.match(lines.at(-1)!, /^FAIL: 12 files/);
});

test('junit: a testsuite per check, a failing testcase per file with errors, skipped checks as skipped', () => {
  const xml = formatJunit(report);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="validate" tests="4" failures="2"/);
  assert.match(xml, /<testsuite name="parse" tests="1" failures="1"/);
  assert.match(xml, /<testcase classname="parse" name="compose\/compose.yaml">\n\s+<failure type="yaml-syntax" message="1 error\(s\); first: bad &lt;indent&gt; &amp; &quot;quote&quot;">/);
  assert.match(xml, /<testcase classname="kubernetes-schema" name="base\/web\/pdb.yaml">\n\s+<system-out>/, 'a warning is output, not a failure');
  assert.match(xml, /<testsuite name="shellcheck" tests="1" failures="0" errors="0" skipped="1"/);
  assert.match(xml, /<skipped message="shellcheck is not on the PATH; to run it: apt-get install -y shellcheck"\/>/);
});
