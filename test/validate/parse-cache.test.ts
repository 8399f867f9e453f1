// The parse cache (scripts/validate/parse-cache.ts): a warm run reads unchanged files from the pack
// and reports exactly what a cold run reports; a damaged pack or a changed file is read again.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../helpers/tree.ts';
import { runCli } from './helpers.ts';

const TREE = {
  'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [a, b\n',
  'duplicate.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: "1"\n  a: "2"\n',
  'alias.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alias\n  labels: &l {app: x}\n  annotations: *l\ndata:\n  ratio: .inf\n',
  'yes.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yes-value\ndata:\n  value: yes\n',
  'data.json': '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}, "data": {"a": 1}}\n',
  'tsconfig.json': '{\n  // comments are allowed here\n  "compilerOptions": { "strict": true, },\n}\n',
};

function privateCache(t: { after(fn: () => void): void }): NodeJS.ProcessEnv {
  const cache = mkdtempSync(join(tmpdir(), 'parse-cache-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  return { ...process.env, PLATFORM_VALIDATE_CACHE: cache };
}

/** The JSON report without its timings, which differ from run to run. */
const findingsOf = (stdout: string): unknown => {
  const report = JSON.parse(stdout) as { findings: unknown[]; folded: unknown[]; summary: { files: number; objects: number } };
  return { findings: report.findings, folded: report.folded, files: report.summary.files, objects: report.summary.objects };
};

const pack = (env: NodeJS.ProcessEnv): string => {
  const dir = join(env.PLATFORM_VALIDATE_CACHE!, 'parse');
  const packs = readdirSync(dir).filter((f) => f.endsWith('.pack'));
  assert.equal(packs.length, 1, `one pack in ${dir}`);
  return join(dir, packs[0]!);
};

test('a warm run reports byte for byte what the cold run reported', (t) => {
  const root = writeTree(t, TREE);
  const env = privateCache(t);
  const cold = runCli(root, ['--format', 'json'], env);
  assert.equal(cold.status, 1, cold.stderr);
  const rules = (JSON.parse(cold.stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule);
  for (const rule of ['yaml-syntax', 'yaml-duplicate-key']) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
  const warm = runCli(root, ['--format', 'json'], env);
  assert.deepEqual(findingsOf(warm.stdout), findingsOf(cold.stdout));
  assert.equal(JSON.stringify(findingsOf(warm.stdout)), JSON.stringify(findingsOf(cold.stdout)));
  assert.doesNotMatch(warm.stderr, /parse cache/);
});

test('a damaged pack is not used: the same findings, and one line on stderr says so', (t) => {
  const root = writeTree(t, TREE);
  const env = privateCache(t);
  const cold = runCli(root, ['--format', 'json'], env);
  const file = pack(env);
  const bytes = readFileSync(file);
  const at = bytes.length >> 2;
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
  const damaged = runCli(root, ['--format', 'json'], env);
  assert.deepEqual(findingsOf(damaged.stdout), findingsOf(cold.stdout));
  assert.match(damaged.stderr, /parse cache .* is damaged/);
  writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
  const cut = runCli(root, ['--format', 'json'], env);
  assert.deepEqual(findingsOf(cut.stdout), findingsOf(cold.stdout));
  assert.match(cut.stderr, /parse cache .* is damaged: it is cut short/);
});

test('a file changed since the pack was written is read again, and its new mistake is found', (t) => {
  const root = writeTree(t, { 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n' });
  const env = privateCache(t);
  assert.equal(runCli(root, ['--format', 'json'], env).status, 0);
  writeFileSync(join(root, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  name: again\n');
  const changed = runCli(root, ['--format', 'json'], env);
  assert.equal(changed.status, 1);
  assert.deepEqual(
    (JSON.parse(changed.stdout) as { findings: Array<{ rule: string; line: number }> }).findings.map((f) => `${f.rule}:${f.line}`),
    ['yaml-duplicate-key:5'],
  );
});

test('the pack lives in the cache directory the environment names, so pointing it elsewhere starts cold', (t) => {
  const root = writeTree(t, TREE);
  const first = privateCache(t);
  runCli(root, ['--format', 'json'], first);
  const other = privateCache(t);
  const run = runCli(root, ['--format', 'json'], other);
  assert.equal(run.status, 1);
  assert.ok(readFileSync(pack(other)).length > 0, 'the second directory gets its own pack');
  assert.doesNotMatch(readdirSync(root).join(' '), /pack/, 'nothing is written into the tree');
});

test("a file's damaged position events are said on stderr and read again: its finding stays at its line", (t) => {
  const root = writeTree(t, { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: 1\n' });
  const env = privateCache(t);
  const cold = runCli(root, ['--format', 'json'], env);
  assert.equal(cold.status, 1, cold.stdout);
  const file = pack(env);
  const bytes = readFileSync(file);
  const tables = bytes.readUInt32LE(16); // where the position events start (parse-cache.ts's header)
  assert.ok(tables < bytes.length, 'the pack holds position events');
  bytes[tables] = bytes[tables]! ^ 0xff;
  writeFileSync(file, bytes);
  // Another Kubernetes version: the schema check's kept verdict (made for the default) does not
  // apply, so the finding is placed afresh, from the positions.
  const warm = runCli(root, ['--format', 'json', '--kube-version', '1.32'], env);
  assert.deepEqual(findingsOf(warm.stdout), findingsOf(cold.stdout));
  assert.match(warm.stderr, /the positions of cm\.yaml are damaged; reading the file again/);
});

test('a file only the lenient reader reads (a flow list closed at its key) keeps its positions on a warm run', (t) => {
  const root = writeTree(t, {
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flow\ndata:\n  items: [\n    "a",\n  ]\n',
  });
  const env = privateCache(t);
  const at = (stdout: string): string[] => (JSON.parse(stdout) as { findings: Array<{ rule: string; line: number; column: number }> }).findings.map((f) => `${f.rule} ${f.line}:${f.column}`);
  const cold = runCli(root, ['--format', 'json'], env);
  assert.deepEqual(at(cold.stdout), ['k8s-invalid-type 11:3']);
  assert.deepEqual(at(runCli(root, ['--format', 'json'], env).stdout), at(cold.stdout));
});

test("a run over one path keeps the other files' entries, so the next whole-tree run stays warm", (t) => {
  const root = writeTree(t, { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n' });
  const env = privateCache(t);
  runCli(root, ['--format', 'json'], env);
  runCli(root, ['--format', 'json', 'a.yaml'], env);
  const bytes = readFileSync(pack(env));
  const index = JSON.parse(bytes.toString('utf8', 24, 24 + bytes.readUInt32LE(12))) as Array<{ p: string }>;
  assert.deepEqual(index.map((e) => e.p).sort(), ['a.yaml', 'b.yaml']);
});
