// `npm run validate` runs dist/validate.mjs, bundled from scripts/validate.ts by `npm run build`
// (test/validate/build.test.ts covers the bundle's freshness). These go through the real npm entry.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

test("the tree's scripts/environments.ts is read, never run: its facts count and its code does not execute", (t) => {
  const root = copyRepository(COPIED, 'entry-untrusted-env-');
  t.after(() => removeCopy(root));
  const envFile = join(root, 'scripts', 'environments.ts');
  const witness = join(root, 'ran');
  // Were the file imported, its first line would leave the witness behind.
  const text = readFileSync(envFile, 'utf8').replace("topic: 'logs-topic'", "topic: 'audit-topic'");
  writeFileSync(envFile, `import { writeFileSync as leave } from 'node:fs';\nleave(${JSON.stringify(witness)}, 'x');\n${text}`);
  const r = runValidateCli(root, ['--format', 'json', 'overlays', 'config', 'compose', 'base']);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.ok(report.findings.some((f) => f.rule === 'topic-mismatch' && f.message.includes('audit-topic')), r.stdout + r.stderr);
  assert.equal(existsSync(witness), false, 'the tree\'s environments file was executed');
});

test('npm run validate runs the bundle that npm run build makes from scripts/validate.ts', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.validate ?? '', /^node (--[a-z-]+=\S+ )*scripts\/run-validate\.mjs$/);
  assert.equal(pkg.scripts.prepare, 'node scripts/build-validate.mjs', 'npm ci must build it');
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
