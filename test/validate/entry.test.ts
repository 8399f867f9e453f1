// `npm run validate` runs the TypeScript itself (through tsx): no prebuilt copy, no run-time import
// swap, so what the tests import is what the user runs. These go through the real npm entry.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyRepository, removeCopy } from '../helpers/repo-copy.ts';
import { runNpmValidate, runValidateCli } from '../helpers/validate-cli.ts';

interface JsonReport {
  findings: Array<{ file: string; rule: string; message: string }>;
  skipped: Array<{ check: string; reason: string }>;
}

const COPIED = ['base', 'overlays', 'config', 'compose', 'scripts/environments.ts', 'validate.config.yaml', 'terraform/variables.tf'];

test("a changed topic in scripts/environments.ts gives topic-mismatch findings through npm run validate", (t) => {
  const root = copyRepository(COPIED, 'entry-topic-');
  t.after(() => removeCopy(root));
  const envFile = join(root, 'scripts', 'environments.ts');
  const before = readFileSync(envFile, 'utf8');
  const after = before.replace("topic: 'logs-topic'", "topic: 'audit-topic'");
  assert.notEqual(after, before, "scripts/environments.ts no longer sets dev's topic to logs-topic; adapt this test");
  writeFileSync(envFile, after);
  const r = runValidateCli(root, ['--format', 'json', 'overlays', 'config', 'compose', 'base']);
  const report = JSON.parse(r.stdout) as JsonReport;
  const mismatches = report.findings.filter((f) => f.rule === 'topic-mismatch');
  assert.ok(mismatches.length > 0, `expected topic-mismatch findings, got:\n${r.stdout}${r.stderr}`);
  assert.ok(mismatches.some((f) => f.message.includes('audit-topic')), JSON.stringify(mismatches, null, 2));
});

test('an environments file that cannot be imported is a skipped check with its reason, exit 2 under --require-all', (t) => {
  const root = copyRepository(COPIED, 'entry-broken-env-');
  t.after(() => removeCopy(root));
  writeFileSync(join(root, 'scripts', 'environments.ts'), "import { nothing } from './not-there.ts';\nexport const environments = nothing;\n");
  const r = runValidateCli(root, ['--format', 'json', '--require-all', 'overlays/dev']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  const skip = report.skipped.find((s) => s.check.startsWith('cross-layers'));
  assert.ok(skip, JSON.stringify(report.skipped));
  assert.match(skip.reason, /scripts\/environments\.ts could not be imported/);
});

test('the validator has no prebuilt copy: npm run validate runs scripts/validate.ts through tsx', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.validate, 'node --import tsx scripts/validate.ts');
  const r = runNpmValidate(process.cwd(), ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: npm run validate/);
});

test('a path run is as correct as the whole-tree run: npm run validate -- base has no missing references', () => {
  const r = runNpmValidate(join(import.meta.dirname, '..', '..'), ['base', '--format', 'json']);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.filter((f) => f.rule === 'missing-reference'),
    [],
    'the bases are rendered by the overlays that build on them, which add their ConfigMaps',
  );
  assert.ok(report.findings.every((f) => f.file.startsWith('base/')), 'only findings in the named path are reported');
});
