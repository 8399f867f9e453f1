// Helm charts in a validated tree are rendered with `helm template` when helm is on the PATH, and
// what they render is checked like any other object. Through `npm run validate`, with the tests'
// helm (Helm's own engine from Maven Central, test/helpers/helm.ts) first on the PATH.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { requireHelm } from '../helpers/helm.ts';
import { writeTree } from '../helpers/tree.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

interface JsonReport {
  summary: { objects: number };
  findings: Array<{ file: string; line: number; column: number; rule: string; severity: string; message: string }>;
  skipped: Array<{ check: string; reason: string }>;
  folded: Array<{ file: string; rule: string; message: string; causedBy: { file: string; line: number; rule: string } }>;
}

const CHART = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';

const chart = (t: TestContext, files: Record<string, string>): string => writeTree(t, { 'web/Chart.yaml': CHART, ...files }, 'helm-tree-');

async function validateWithHelm(t: TestContext, root: string): Promise<JsonReport | null> {
  const helm = await requireHelm(t);
  if (!helm) return null;
  const r = runValidateCli(root, ['--format', 'json'], { ...process.env, PATH: `${helm}:${process.env.PATH ?? ''}` });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

test('a chart that renders clean objects is validated clean, its objects counted', async (t) => {
  const root = chart(t, {
    'web/values.yaml': 'mode: fast\n',
    'web/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  mode: {{ .Values.mode | quote }}\n',
  });
  const report = await validateWithHelm(t, root);
  if (!report) return;
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.skipped.filter((s) => s.check === 'helm'), []);
  assert.equal(report.summary.objects, 1);
});

test('a rendered object with a schema mistake is reported at the template that wrote it', async (t) => {
  const root = chart(t, {
    'web/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndatta:\n  mode: fast\n',
  });
  const report = await validateWithHelm(t, root);
  if (!report) return;
  const found = report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
  assert.deepEqual(found, ['web/templates/configmap.yaml:2 k8s-unknown-field'], found.join('\n'));
});

test('a template helm cannot execute is one helm-template error at its file and line', async (t) => {
  const root = chart(t, {
    'web/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.deeper }}\n',
  });
  const report = await validateWithHelm(t, root);
  if (!report) return;
  const found = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`);
  assert.deepEqual(found, ['web/templates/configmap.yaml:4:18 helm-template error'], found.join('\n'));
  assert.match(report.findings[0]!.message, /nil pointer evaluating/);
});

test('a chart dependency missing from charts/ is a warning, and nothing is downloaded', async (t) => {
  const connections: Socket[] = [];
  const server = createServer((socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const s of connections) s.destroy();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  const root = chart(t, {
    'web/Chart.yaml': `${CHART}dependencies:\n  - name: redis\n    version: 1.0.0\n    repository: http://127.0.0.1:${port}/charts\n`,
    'web/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
  });
  const report = await validateWithHelm(t, root);
  if (!report) return;
  const found = report.findings.map((f) => `${f.file} ${f.rule} ${f.severity}`);
  assert.deepEqual(found, ['web/Chart.yaml helm-template warning'], found.join('\n'));
  assert.match(report.findings[0]!.message, /helm dependency build web/);
  assert.equal(connections.length, 0, 'helm reached for the dependency');
});

test('a chart whose values file does not parse is not given to helm, and that is folded under the parse error', async (t) => {
  const root = chart(t, {
    'web/values.yaml': 'mode: [fast\n',
    'web/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
  });
  const report = await validateWithHelm(t, root);
  if (!report) return;
  const found = report.findings.map((f) => `${f.file} ${f.rule}`);
  assert.deepEqual(found, ['web/values.yaml yaml-syntax'], 'one mistake, one error');
  const notRun = report.folded.find((f) => f.rule === 'helm-template');
  assert.match(notRun?.message ?? '', /not run: web\/values.yaml does not parse/);
  assert.deepEqual(notRun?.causedBy, { file: 'web/values.yaml', line: report.findings[0]!.line, rule: 'yaml-syntax' });
});
