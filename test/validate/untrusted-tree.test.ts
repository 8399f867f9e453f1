// Validating a tree with a trusted validator: any directory, its own validate.config.yaml, its
// content treated as data (kustomize plugins and Helm refused, renders bounded, output escaped).
// Through `npm run validate`.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { writeTree } from '../helpers/tree.ts';
import { runNpmValidate, runValidateCli } from '../helpers/validate-cli.ts';

interface JsonReport {
  summary: { files: number; objects: number };
  findings: Array<{ file: string; line: number; rule: string; severity: string; message: string }>;
  skipped: Array<{ check: string; reason: string }>;
  folded?: Array<{ file: string; rule: string; message: string; causedBy: { file: string; line: number; rule: string } }>;
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

const tree = (t: TestContext, files: Record<string, string>): string => writeTree(t, files, 'untrusted-tree-');

const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;
const rules = (report: JsonReport): string[] => report.findings.map((f) => `${f.file} ${f.rule}`);

/** A ConfigMap whose aliases expand to 9^9 strings. */
const ALIAS_BOMB = (() => {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: bomb', 'data:', '  x: y', 'bomb:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  let prev = 'a';
  for (const n of 'bcdefghi') {
    lines.push(`  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
    prev = n;
  }
  return `${lines.join('\n')}\n`;
})();

test('a directory outside this repository is validated as a tree of its own, with its own validate.config.yaml', (t) => {
  const root = tree(t, { 'validate.config.yaml': 'ignore:\n  - vendor/\n', 'app/configmap.yaml': CONFIGMAP, 'vendor/broken.yaml': 'a: [\n' });
  const r = runNpmValidate(tmpdir(), [root, '--format', 'json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(json(r.stdout).findings, []);
  assert.equal(json(r.stdout).summary.files, 2, 'the config and the ConfigMap; vendor/ is ignored by the tree\'s own config');
});

test('a newline in a file name cannot start a line of the text report', (t) => {
  const root = tree(t, { 'x\n::error file=README.md::pwned.yaml': 'a: [\n' });
  const r = runValidateCli(root, []);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /^::error/m);
  assert.match(r.stdout, /^x\\n::error file=README\.md::pwned\.yaml:1:5 {2}error {2}yaml-syntax/m);
});

test('an alias bomb is refused when read, and kustomize is not given it', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const root = tree(t, { 'app/bomb.yaml': ALIAS_BOMB, 'app/kustomization.yaml': 'resources:\n  - bomb.yaml\n' });
  const r = runValidateCli(root, ['--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const report = json(r.stdout);
  assert.deepEqual(rules(report), ['app/bomb.yaml yaml-alias-limit']);
  // The render that was not run is a consequence of the bomb, folded under it (cause first).
  const render = report.folded?.find((f) => f.rule === 'kustomize-build');
  assert.match(render?.message ?? '', /not run: app\/bomb\.yaml does not parse/);
  assert.deepEqual(render?.causedBy, { file: 'app/bomb.yaml', line: report.findings[0]!.line, rule: 'yaml-alias-limit' });
});

test('kustomize helmCharts and exec plugins stay refused', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const root = tree(t, {
    'helm/kustomization.yaml': 'helmCharts:\n  - name: anything\n    repo: http://127.0.0.1:1/charts\n    version: 1.0.0\n',
    'plugin/kustomization.yaml': 'generators:\n  - generator.yaml\n',
    'plugin/generator.yaml': 'apiVersion: example.com/v1\nkind: Run\nmetadata:\n  name: run\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: ./touch.sh\n',
    'plugin/touch.sh': '#!/bin/sh\ntouch "$(dirname "$0")/ran"\n',
  });
  const r = runValidateCli(root, ['--format', 'json', 'helm', 'plugin']);
  const found = rules(json(r.stdout));
  assert.ok(found.includes('helm/kustomization.yaml kustomize-build'), found.join('\n'));
  assert.ok(found.includes('plugin/kustomization.yaml kustomize-build'), found.join('\n'));
  assert.match(json(r.stdout).findings.find((f) => f.file === 'helm/kustomization.yaml')!.message, /enable-helm/);
  assert.equal(existsSync(join(root, 'plugin', 'ran')), false, 'the exec plugin did not run');
});

test('a remote kustomize resource that never answers costs one bounded timeout', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of held) s.destroy();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  const root = tree(t, { 'app/kustomization.yaml': `resources:\n  - http://127.0.0.1:${port}/deployment.yaml\n` });
  const r = runValidateCli(root, ['--format', 'json'], { ...process.env, VALIDATE_KUSTOMIZE_TIMEOUT_S: '5' });
  const found = json(r.stdout).findings;
  assert.deepEqual(found.map((f) => `${f.file} ${f.rule}`), ['app/kustomization.yaml kustomize-build']);
  assert.match(found[0]!.message, /did not finish within 5 s/);
});

test('JSON with comments (tsconfig.json) is read as TypeScript reads it, not a json-syntax error', (t) => {
  const root = tree(t, {
    'tsconfig.json': '{\n  // strict, always\n  "compilerOptions": { "strict": true, },\n}\n',
    'broken/tsconfig.json': '{\n  "compilerOptions": { "strict": true }\n  "include": []\n}\n',
  });
  const r = runValidateCli(root, ['--format', 'json']);
  assert.deepEqual(rules(json(r.stdout)), ['broken/tsconfig.json json-syntax']);
  assert.equal(json(r.stdout).findings[0]!.line, 3);
});

test('without helm, a Helm chart\'s templates are not parsed as manifests; the chart is one notice', (t) => {
  const root = tree(t, {
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    'chart/values.yaml': 'replicas: 2\n',
    'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
  });
  // The PATH without any directory that holds a helm (with helm, the chart is rendered: helm.test.ts).
  const path = (process.env.PATH ?? '').split(':').filter((dir) => dir && !existsSync(join(dir, 'helm'))).join(':');
  const r = runValidateCli(root, ['--format', 'json'], { ...process.env, PATH: path });
  const report = json(r.stdout);
  assert.deepEqual(report.findings, []);
  assert.deepEqual(
    report.skipped.map((s) => s.check),
    ['helm'],
  );
  assert.match(report.skipped[0]!.reason, /\(chart\): helm is not on the PATH/);
});
