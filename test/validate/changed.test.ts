// `npm run validate -- --changed REF`: what a diff touches, plus the kustomizations that render it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

const DEPLOYMENT = (replicasKey: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  ${replicasKey}: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27.3\n`;

function repository(t: TestContext): string {
  const root = mkdtempSync(join(tmpdir(), 'changed-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'base'));
  mkdirSync(join(root, 'overlay'));
  writeFileSync(join(root, 'base', 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
  writeFileSync(join(root, 'base', 'deployment.yaml'), DEPLOYMENT('replicas'));
  writeFileSync(join(root, 'overlay', 'kustomization.yaml'), 'resources:\n  - ../base\nnamePrefix: prod-\n');
  writeFileSync(join(root, 'old-broken.yaml'), 'a: [\n');
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'start');
  return root;
}

interface JsonReport {
  summary: { files: number };
  findings: Array<{ file: string; rule: string }>;
}

test('--changed validates the changed file through the overlay that renders it, and nothing unchanged', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const root = repository(t);
  writeFileSync(join(root, 'base', 'deployment.yaml'), DEPLOYMENT('replica'));
  const r = runValidateCli(root, ['--changed', 'HEAD', '--format', 'json']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.equal(report.summary.files, 1);
  assert.deepEqual([...new Set(report.findings.map((f) => f.file))], ['base/deployment.yaml'], 'old-broken.yaml did not change');
  assert.ok(report.findings.some((f) => f.rule === 'k8s-unknown-field'), JSON.stringify(report.findings));
});

test('--changed with nothing changed validates nothing and passes', (t) => {
  const root = repository(t);
  const r = runValidateCli(root, ['--changed', 'HEAD', '--format', 'json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal((JSON.parse(r.stdout) as JsonReport).summary.files, 0);
});

test('--changed with a revision git does not know is a usage error', (t) => {
  const root = repository(t);
  const r = runValidateCli(root, ['--changed', 'no-such-branch']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--changed: git diff .* failed/);
});
