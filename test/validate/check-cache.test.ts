// Checks whose verdict depends only on their files' text (actionlint, the Logstash grammar, shellcheck) keep it in
// the validator's private cache, keyed on that text, the checking library and the validator's code:
// an unchanged file is not checked again, and a changed one always is.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { actionlintCheck } from '../../scripts/validate/checks/actionlint.ts';
import { logstashCheck } from '../../scripts/validate/checks/logstash/check.ts';
import { shellcheckCheck } from '../../scripts/validate/checks/shellcheck.ts';
import type { Check, Context, SourceFile } from '../../scripts/validate/types.ts';
import { requireTool } from '../helpers/tools.ts';

const WORKFLOW = '.github/workflows/ci.yml';
const CLEAN = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n';
const BROKEN = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
const PIPELINE = 'pipeline.conf';

function withCache(t: { after(fn: () => void): void }): string {
  const cache = mkdtempSync(join(tmpdir(), 'check-cache-'));
  process.env.PLATFORM_VALIDATE_CACHE = cache;
  t.after(() => {
    delete process.env.PLATFORM_VALIDATE_CACHE;
    rmSync(cache, { recursive: true, force: true });
  });
  return cache;
}

const run = (check: Check, path: string, kind: SourceFile['kind'], text: string) => {
  const ctx: Context = { root: '/nonexistent', files: [{ path, absPath: `/nonexistent/${path}`, kind, text }], options: { kubeVersion: '1.33', requireAll: false, cache: true } };
  return check.run(ctx);
};

/** The one entry of a check's cache, edited to hold `rule`: a run that replays it shows that rule. */
function plant(cache: string, check: string, rule: string): void {
  const dir = join(cache, `check-${check}`);
  const [entry, ...more] = readdirSync(dir);
  assert.ok(entry && !more.length, `one cached verdict in ${dir}`);
  const kept = JSON.parse(readFileSync(join(dir, entry), 'utf8')) as { findings: unknown[] };
  kept.findings.push({ file: 'planted', line: 1, column: 1, severity: 'error', rule, message: 'from the cache' });
  writeFileSync(join(dir, entry), JSON.stringify(kept));
}

test("actionlint's verdict on an unchanged workflow comes from the cache", async (t) => {
  const cache = withCache(t);
  assert.deepEqual((await run(actionlintCheck, WORKFLOW, 'yaml', CLEAN)).findings, []);
  plant(cache, 'actionlint', 'planted');
  assert.deepEqual((await run(actionlintCheck, WORKFLOW, 'yaml', CLEAN)).findings.map((f) => f.rule), ['planted']);
});

test('a changed workflow is checked again, never answered from the cache', async (t) => {
  withCache(t);
  assert.deepEqual((await run(actionlintCheck, WORKFLOW, 'yaml', CLEAN)).findings, []);
  const second = await run(actionlintCheck, WORKFLOW, 'yaml', BROKEN);
  assert.equal(second.findings.length, 1, JSON.stringify(second.findings));
  assert.match(second.findings[0]!.message, /nope/);
});

test("the Logstash check's verdict on an unchanged pipeline comes from the cache, and a changed one is checked again", async (t) => {
  const cache = withCache(t);
  const clean = 'input { stdin {} }\noutput { stdout {} }\n';
  assert.deepEqual((await run(logstashCheck, PIPELINE, 'logstash', clean)).findings, []);
  plant(cache, 'logstash', 'planted');
  assert.deepEqual((await run(logstashCheck, PIPELINE, 'logstash', clean)).findings.map((f) => f.rule), ['planted']);
  const changed = await run(logstashCheck, PIPELINE, 'logstash', 'input { stdin {} }\noutput { stdot {} }\n');
  assert.deepEqual(changed.findings.map((f) => f.rule), ['logstash-plugin']);
});

test("shellcheck's verdict on unchanged scripts comes from the cache; a changed script or .shellcheckrc is checked again", async (t) => {
  if (!(await requireTool(t, 'shellcheck'))) return;
  const cache = withCache(t);
  const root = mkdtempSync(join(tmpdir(), 'shellcheck-cache-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const script = (text: string): SourceFile => ({ path: 'run.sh', absPath: join(root, 'run.sh'), kind: 'shell', text });
  const check = (files: SourceFile[]) => {
    for (const f of files) writeFileSync(f.absPath, f.text);
    return shellcheckCheck.run({ root, files, options: { kubeVersion: '1.33', requireAll: false, cache: true } });
  };
  const quoted = script('#!/bin/sh\necho "$1"\n');
  assert.deepEqual((await check([quoted])).findings, []);
  plant(cache, 'shellcheck', 'planted');
  assert.deepEqual((await check([quoted])).findings.map((f) => f.rule), ['planted']);
  const unquoted = script('#!/bin/sh\necho $1\n');
  assert.deepEqual((await check([unquoted])).findings.map((f) => f.message.slice(0, 6)), ['SC2086']);
  const rc: SourceFile = { path: '.shellcheckrc', absPath: join(root, '.shellcheckrc'), kind: 'other', text: 'disable=SC2086\n' };
  assert.deepEqual((await check([rc, unquoted])).findings, []);
});
