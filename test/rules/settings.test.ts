// Rules are configurable as kube-linter's are: off, on and severity per rule, everywhere or for
// some paths (validate.config.yaml `rules:`), and --enable-rule/--disable-rule on the command line.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES } from './context.ts';

interface Reported {
  file: string;
  severity: string;
  rule: string;
}

function run(fixture: string, args: string[] = []): { status: number; findings: string[]; stderr: string } {
  const r = runValidateCli(join(FIXTURES, fixture), ['--format', 'json', ...args]);
  const findings = r.stdout ? (JSON.parse(r.stdout) as { findings: Reported[] }).findings.map((f) => `${f.severity} ${f.rule} ${f.file}`).sort() : [];
  return { status: r.status, findings, stderr: r.stderr };
}

test('validate.config.yaml sets a rule severity everywhere and turns a rule off under a path', () => {
  const r = run('rule-settings');
  assert.deepEqual(r.findings, ['error probes apps/web.yaml', 'warning resources apps/web.yaml', 'warning resources legacy/old.yaml']);
  assert.equal(r.status, 1);
});

test('--disable-rule turns a rule off everywhere', () => {
  const r = run('rule-settings', ['--disable-rule', 'probes']);
  assert.deepEqual(r.findings, ['warning resources apps/web.yaml', 'warning resources legacy/old.yaml']);
  assert.equal(r.status, 0, 'warnings alone pass');
});

test('--enable-rule turns a rule back on where the configuration turned it off', () => {
  const r = run('rule-settings', ['--enable-rule', 'probes']);
  assert.ok(r.findings.includes('error probes legacy/old.yaml'), r.findings.join('\n'));
});

test('an unknown rule id on the command line is a usage error that suggests the likely one', () => {
  const r = run('rule-settings', ['--disable-rule', 'automount-tokn']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--disable-rule: unknown rule "automount-tokn" \(did you mean "automount-token"\?\)/);
});

test('an unknown rule id in validate.config.yaml is a usage error at its line', () => {
  const r = run('rule-settings-typo');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /validate\.config\.yaml:3:7: unknown rule "probs" \(did you mean "probes"\?\)/);
});
