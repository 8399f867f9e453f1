// `--no-cache`: the run reads nothing earlier runs kept (check verdicts, renders, the parse pack,
// field lists) and keeps nothing, so a user who doubts a green run can check everything afresh.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../helpers/tree.ts';
import { REPO, runCli } from './helpers.ts';

const WORKFLOW = '.github/workflows/ci.yml';
const CLEAN_WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n';
const BROKEN_WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';

const TREE = {
  [WORKFLOW]: CLEAN_WORKFLOW,
  'app/kustomization.yaml': 'resources:\n  - config.yaml\n',
  'app/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n',
  'duplicate.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n',
};

/** The validator's cache root, private to the test. */
function privateCaches(t: { after(fn: () => void): void }): { env: NodeJS.ProcessEnv; dirs: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'no-cache-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return { env: { ...process.env, PLATFORM_VALIDATE_CACHE: root }, dirs: [root] };
}

/** Every file under `dirs` with its content hash and modification time: what a run that keeps something changes. */
function snapshot(dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (base: string, dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(base, abs);
      else out[`${base}:${relative(base, abs)}`] = `${createHash('sha256').update(readFileSync(abs)).digest('hex')} ${statSync(abs).mtimeMs}`;
    }
  };
  for (const d of dirs) walk(d, d);
  return out;
}

/** The JSON report without its timings, which differ from run to run. */
const findingsOf = (stdout: string): unknown => {
  const report = JSON.parse(stdout) as { findings: unknown[]; folded: unknown[]; summary: { files: number; objects: number } };
  return { findings: report.findings, folded: report.folded, files: report.summary.files, objects: report.summary.objects };
};

const rules = (stdout: string): string[] => (JSON.parse(stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule);

test('--help lists --no-cache', () => {
  const r = runCli(REPO, ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /--no-cache\s+check everything afresh/);
});

test('a --no-cache run over a warm cache leaves it untouched and reports what a cold run reports', (t) => {
  const root = writeTree(t, TREE);
  const warm = privateCaches(t);
  runCli(root, ['--format', 'json'], warm.env);
  const kept = snapshot(warm.dirs);
  for (const entry of [/:parse\/.+\.pack$/, /:check-actionlint\//, /:renders\/kustomize-/]) {
    assert.ok(Object.keys(kept).some((f) => entry.test(f)), `the warm-up kept ${entry}: ${Object.keys(kept).join(', ')}`);
  }
  // New content the cache has not seen: a duplicate key and an actionlint error.
  writeFileSync(join(root, 'duplicate.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n');
  writeFileSync(join(root, WORKFLOW), BROKEN_WORKFLOW);

  const fresh = runCli(root, ['--format', 'json', '--no-cache'], warm.env);
  assert.deepEqual(snapshot(warm.dirs), kept);
  const cold = runCli(root, ['--format', 'json'], privateCaches(t).env);
  assert.deepEqual(findingsOf(fresh.stdout), findingsOf(cold.stdout));
  for (const rule of ['yaml-duplicate-key', 'actionlint']) assert.ok(rules(fresh.stdout).includes(rule), `${rule} in ${rules(fresh.stdout).join(', ')}`);
});

test('a --no-cache run over an empty cache keeps nothing', (t) => {
  const root = writeTree(t, TREE);
  const empty = privateCaches(t);
  const r = runCli(root, ['--format', 'json', '--no-cache'], empty.env);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(snapshot(empty.dirs), {});
  for (const d of empty.dirs) assert.deepEqual(readdirSync(d), [], `${d} stays empty`);
});

test('a --no-cache run does not replay a kept verdict that no longer fits the file', (t) => {
  const root = writeTree(t, { ...TREE, [WORKFLOW]: BROKEN_WORKFLOW });
  const { env } = privateCaches(t);
  assert.ok(rules(runCli(root, ['--format', 'json'], env).stdout).includes('actionlint'));
  // Plant a clean verdict under the broken workflow's key, as a stale or tampered entry would be.
  const verdicts = join(env.PLATFORM_VALIDATE_CACHE!, 'check-actionlint');
  const files = readdirSync(verdicts).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1);
  writeFileSync(join(verdicts, files[0]!), JSON.stringify({ findings: [], skipped: [] }));
  assert.ok(!rules(runCli(root, ['--format', 'json'], env).stdout).includes('actionlint'), 'the planted verdict is what a cached run reports');

  const fresh = runCli(root, ['--format', 'json', '--no-cache'], env);
  assert.ok(rules(fresh.stdout).includes('actionlint'), `actionlint in ${rules(fresh.stdout).join(', ')}`);
});
