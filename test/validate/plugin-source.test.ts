// A directory an Argo CD Application gives to a config management plugin is rendered by that
// plugin at sync, often from files it writes first; the validator does not run the plugin, and
// says so instead of reporting the directory's kustomization as broken. Through `npm run validate`.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { writeTree } from '../helpers/tree.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

interface JsonReport {
  findings: Array<{ file: string; line: number; rule: string; message: string }>;
  skipped: Array<{ check: string; reason: string }>;
}

const application = (source: string): string =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Application',
    'metadata:',
    '  name: guestbook',
    '  namespace: argocd',
    'spec:',
    '  project: default',
    '  destination:',
    '    server: https://kubernetes.default.svc',
    '    namespace: guestbook',
    '  source:',
    '    repoURL: https://github.com/team/gitops.git',
    '    targetRevision: HEAD',
    source,
    '',
  ].join('\n');

// The plugin writes all.yaml (`helm template . > all.yaml`) before kustomize runs; it is not committed.
const KUSTOMIZED_HELM = {
  'plugins/guestbook/kustomization.yaml': 'resources:\n  - all.yaml\npatches:\n  - path: replicas.yaml\n',
  'plugins/guestbook/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guestbook\nspec:\n  replicas: 2\n',
};

function validate(t: TestContext, files: Record<string, string>): JsonReport {
  const r = runValidateCli(writeTree(t, files, 'plugin-source-'), ['--format', 'json']);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

test("a kustomization an Application gives to a plugin is not built, and the report says why", (t) => {
  const report = validate(t, { 'apps/guestbook.yaml': application('    path: plugins/guestbook\n    plugin:\n      name: kustomized-helm'), ...KUSTOMIZED_HELM });
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), []);
  const skipped = report.skipped.filter((s) => s.check === 'kustomize');
  assert.equal(skipped.length, 1);
  assert.match(skipped[0]!.reason, /^plugins\/guestbook is rendered at sync by an Argo CD config management plugin \(Application guestbook \(plugin kustomized-helm\), apps\/guestbook\.yaml:1\)/);
});

test('the same kustomization synced without a plugin is a kustomize-build error', (t) => {
  const report = validate(t, { 'apps/guestbook.yaml': application('    path: plugins/guestbook'), ...KUSTOMIZED_HELM });
  assert.deepEqual([...new Set(report.findings.map((f) => `${f.file} ${f.rule}`))], ['plugins/guestbook/kustomization.yaml kustomize-build']);
});

test("a plugin's directory needs no kustomization, chart or manifests, only to exist", (t) => {
  const plugin = '    plugin:\n      name: nix';
  const found = validate(t, { 'apps/guestbook.yaml': application(`    path: plugins/nix\n${plugin}`), 'plugins/nix/default.nix': '{ }\n' });
  assert.deepEqual(found.findings.map((f) => f.rule), []);
  const missing = validate(t, { 'apps/guestbook.yaml': application(`    path: plugins/gone\n${plugin}`) });
  assert.deepEqual(missing.findings.map((f) => `${f.rule}: ${f.message}`), ['argocd-path: Application guestbook syncs path plugins/gone, which does not exist in the repository']);
});
