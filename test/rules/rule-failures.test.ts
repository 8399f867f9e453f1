// A rule that throws on one input costs that input only: the failure is a finding at the object
// it failed on, naming the rule and the error, and every other object and rule is still checked.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runObjectRules } from '../../scripts/validate/rules/run.ts';
import { defineRule } from '../../scripts/validate/rules/rule.ts';
import { FindingSink } from '../../scripts/validate/rules/sink.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES, fixtureContext } from './context.ts';

const throwsOnWeb = defineRule({
  id: 'throws-on-web',
  severity: 'error',
  description: 'Fails on the Deployment named web, reports every other Deployment.',
  scope: 'rendered-object',
  kinds: ['Deployment'],
  run({ object, report }) {
    if (object.name === 'web') throw new TypeError("Cannot read properties of undefined (reading 'name')");
    report(['metadata', 'name'], `saw ${object.name}`);
  },
});

function runThrowing(): ReturnType<FindingSink['findings']> {
  const ctx = fixtureContext('within-render');
  const sink = new FindingSink(() => 'error');
  runObjectRules(ctx, [throwsOnWeb], false, sink);
  return sink.findings();
}

test('a rule that throws is reported at the object it failed on, naming the rule and the error', () => {
  const failed = runThrowing().filter((f) => !f.message.startsWith('saw '));
  assert.equal(failed.length, 1);
  const [f] = failed;
  assert.equal(f!.rule, 'throws-on-web');
  assert.equal(f!.severity, 'error');
  assert.equal(f!.file, 'overlays/dev/objects.yaml');
  assert.ok(f!.line > 0);
  assert.match(f!.message, /^rule throws-on-web failed on Deployment web: Cannot read properties of undefined \(reading 'name'\)/);
  assert.doesNotMatch(f!.message, /\n\s+at /, 'no stack trace without VALIDATE_DEBUG=1');
});

test('the other objects are still checked by the rule that threw', () => {
  const seen = runThrowing().filter((f) => f.message.startsWith('saw '));
  assert.ok(seen.length > 0);
});

test('VALIDATE_DEBUG=1 adds the stack to the failure', () => {
  process.env.VALIDATE_DEBUG = '1';
  try {
    const failed = runThrowing().filter((f) => !f.message.startsWith('saw '));
    assert.match(failed[0]!.message, /\n\s+at /);
  } finally {
    delete process.env.VALIDATE_DEBUG;
  }
});

test('an image that is not a string (1.0) or an unfilled "{{ .Image }}" is an invalid image reference, and the other rules still run', () => {
  const root = join(FIXTURES, 'image-not-string');
  const r = runValidateCli(root, ['--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const findings = (JSON.parse(r.stdout) as { findings: { file: string; line: number; rule: string; message: string }[] }).findings;
  const ruleFindings = findings.filter((f) => !f.rule.startsWith('k8s-')).map((f) => `${f.rule} ${f.file}:${f.line}`);
  assert.deepEqual(ruleFindings, ['image-reference deployments.yaml:18', 'image-reference deployments.yaml:41', 'image-tag deployments.yaml:64']);
  assert.match(findings.find((f) => f.line === 18 && f.rule === 'image-reference')!.message, /is a number, not a string/);
  assert.match(findings.find((f) => f.line === 41 && f.rule === 'image-reference')!.message, /"\{\{ \.Image \}\}" contains white space/);
});

test('an unquoted {{ .Image }} is a YAML syntax error of its file, not a crash', () => {
  const r = runValidateCli(join(FIXTURES, 'image-template-unquoted'), ['--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const findings = (JSON.parse(r.stdout) as { findings: { file: string; rule: string }[] }).findings;
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.file}`), ['yaml-syntax deployment.yaml']);
});
