// Trees nobody here wrote: every entry is either validated or reported, never passed unread, and
// nothing in the tree can hang the run, exhaust its memory or crash it. Through `npm run validate`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runValidateCli } from '../helpers/validate-cli.ts';

interface JsonReport {
  summary: { files: number; objects: number };
  findings: Array<{ file: string; line: number; rule: string; severity: string; message: string }>;
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

function tree(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hostile-tree-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function validateJson(root: string, args: string[] = []): { status: number; report: JsonReport; stderr: string } {
  const r = runValidateCli(root, ['--format', 'json', ...args]);
  assert.ok(r.stdout.startsWith('{'), `no JSON report (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return { status: r.status, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const rules = (report: JsonReport): string[] => report.findings.map((f) => `${f.file} ${f.rule}`);

test('a manifest over 2 MiB is read: its syntax error is reported', (t) => {
  const padding = `data:\n${Array.from({ length: 60_000 }, (_, i) => `  key${i}: "${'x'.repeat(40)}"`).join('\n')}\n`;
  const root = tree(t, { 'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n${padding}broken: [unclosed\n` });
  const { status, report } = validateJson(root);
  assert.equal(status, 1);
  assert.deepEqual(rules(report), ['big.yaml yaml-syntax']);
});

test('a UTF-16 file with a byte-order mark is decoded and validated', (t) => {
  const root = tree(t, {});
  writeFileSync(join(root, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIGMAP.replace('data:', 'dat:'), 'utf16le')]));
  const { status, report } = validateJson(root);
  assert.equal(report.summary.objects, 1, JSON.stringify(report));
  assert.equal(status, 1, 'the object was checked: its unknown field is an error');
});

test('a named pipe is skipped with a warning, never opened', (t) => {
  const root = tree(t, { 'ok.yaml': CONFIGMAP });
  execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
  const { status, report } = validateJson(root);
  assert.equal(status, 0);
  assert.deepEqual(rules(report), ['pipe.yaml file-skipped']);
  assert.match(report.findings[0]!.message, /named pipe/);
});

test('a node_modules that is a symlink out of the tree is skipped silently, like a real one', (t) => {
  const root = tree(t, { 'ok.yaml': CONFIGMAP });
  symlinkSync('/etc', join(root, 'node_modules'));
  const { status, report } = validateJson(root);
  assert.equal(status, 0);
  assert.deepEqual(rules(report), []);
});

test('a symlink to a device or out of the tree is skipped with a warning naming it', (t) => {
  const root = tree(t, { 'ok.yaml': CONFIGMAP });
  symlinkSync('/dev/zero', join(root, 'zero.yaml'));
  symlinkSync('/etc', join(root, 'etc'));
  const { status, report } = validateJson(root);
  assert.equal(status, 0);
  assert.deepEqual(rules(report), ['etc file-skipped', 'zero.yaml file-skipped']);
  assert.match(report.findings[0]!.message, /leaves the tree \(to \/etc\)/);
});

test('a symlink loop is reported as a loop', (t) => {
  const root = tree(t, { 'ok.yaml': CONFIGMAP, 'sub/ok.yaml': CONFIGMAP.replace('settings', 'other') });
  symlinkSync('b.yaml', join(root, 'a.yaml'));
  symlinkSync('a.yaml', join(root, 'b.yaml'));
  symlinkSync('..', join(root, 'sub', 'up'));
  const { status, report } = validateJson(root);
  assert.equal(status, 1);
  assert.deepEqual(rules(report), ['a.yaml symlink-loop', 'b.yaml symlink-loop', 'sub/up symlink-loop']);
});

test('an unreadable file or directory is a finding, not a stack trace', (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root, which reads any file whatever its mode');
    return;
  }
  const root = tree(t, { 'ok.yaml': CONFIGMAP, 'secret.yaml': CONFIGMAP, 'closed/x.yaml': CONFIGMAP });
  chmodSync(join(root, 'secret.yaml'), 0);
  chmodSync(join(root, 'closed'), 0);
  t.after(() => chmodSync(join(root, 'closed'), 0o755));
  const { status, report, stderr } = validateJson(root);
  assert.equal(status, 1, stderr);
  assert.deepEqual(rules(report), ['closed file-unreadable', 'secret.yaml file-unreadable']);
});

test('a kustomization that fails to render does not hide a schema error in a manifest it lists', (t) => {
  const root = tree(t, {
    'app/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - missing.yaml\n',
    'app/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.3\n',
  });
  const { report } = validateJson(root, ['app']);
  const got = rules(report);
  assert.ok(got.includes('app/kustomization.yaml kustomize-build'), got.join('\n'));
  assert.ok(got.includes('app/deployment.yaml k8s-unknown-field'), got.join('\n'));
});
