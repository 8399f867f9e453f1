// The schema check's kept verdicts (scripts/validate/kube/verdicts.ts): an unchanged plain manifest
// is not checked against its schemas again, and anything its verdict depends on besides its text
// (the Kubernetes version, skipped kinds, the tree's CRDs) makes it checked afresh.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { test } from 'node:test';
import { writeTree } from '../helpers/tree.ts';
import { runCli } from './helpers.ts';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';
const TYPO = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: "1"\n';

function privateCache(t: { after(fn: () => void): void }): NodeJS.ProcessEnv {
  const cache = mkdtempSync(join(tmpdir(), 'schema-verdicts-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  return { ...process.env, PLATFORM_VALIDATE_CACHE: cache };
}

const store = (env: NodeJS.ProcessEnv): string => {
  const dir = join(env.PLATFORM_VALIDATE_CACHE!, 'schema');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 1, `one store in ${dir}`);
  return join(dir, files[0]!);
};

interface Stored {
  context: string;
  files: Record<string, [string, Array<{ rule: string; message: string }>]>;
}

/** Rewrites the store with a valid checksum: what a later run reads, believed because it is the validator's own. */
function rewrite(file: string, change: (s: Stored) => void): void {
  const text = readFileSync(file, 'utf8');
  const stored = JSON.parse(text.slice(text.indexOf('\n') + 1)) as Stored;
  change(stored);
  const json = JSON.stringify(stored);
  writeFileSync(file, `${crc32(json)}\n${json}`);
}

const schemaRules = (stdout: string): string[] =>
  (JSON.parse(stdout) as { findings: Array<{ rule: string; file: string }> }).findings.filter((f) => f.rule.startsWith('k8s-')).map((f) => `${f.file} ${f.rule}`);

test('an unchanged manifest reports what its first run found, from the kept verdict', (t) => {
  const root = writeTree(t, { 'typo.yaml': TYPO, 'clean.yaml': CONFIG_MAP });
  const env = privateCache(t);
  const cold = runCli(root, ['--format', 'json'], env);
  assert.deepEqual(schemaRules(cold.stdout), ['typo.yaml k8s-unknown-field']);
  // A kept verdict that says otherwise is believed: proof that the warm run reads it instead of checking.
  rewrite(store(env), (s) => {
    s.files['typo.yaml']![1] = [];
  });
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), []);
});

test('a changed manifest is checked again, never answered from the kept verdict', (t) => {
  const root = writeTree(t, { 'settings.yaml': CONFIG_MAP });
  const env = privateCache(t);
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), []);
  writeFileSync(join(root, 'settings.yaml'), CONFIG_MAP.replace('\ndata:', '\ndatta:'));
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), ['settings.yaml k8s-unknown-field']);
});

test('another --kube-version checks every manifest again', (t) => {
  const root = writeTree(t, { 'hpa.yaml': 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  maxReplicas: 3\n' });
  const env = privateCache(t);
  const severity = (version: string): string | undefined =>
    (JSON.parse(runCli(root, ['--format', 'json', '--kube-version', version], env).stdout) as { findings: Array<{ severity: string; rule: string }> }).findings.find((f) => f.rule === 'k8s-deprecated-api')?.severity;
  assert.equal(severity('1.25'), 'warning', 'deprecated and still served at 1.25');
  assert.equal(severity('1.26'), 'error', 'removed at 1.26: an error, not the warning kept from the 1.25 run');
});

test('a custom resource is checked against its CRD as it is now, not as it was when first checked', (t) => {
  const crd = (type: string): string =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names:\n    kind: Widget\n    plural: widgets\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size:\n                  type: ${type}\n`;
  const root = writeTree(t, { 'crd.yaml': crd('integer'), 'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n' });
  const env = privateCache(t);
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), []);
  writeFileSync(join(root, 'crd.yaml'), crd('string'));
  const after = schemaRules(runCli(root, ['--format', 'json'], env).stdout);
  assert.ok(after.some((f) => f.startsWith('widget.yaml k8s-')), `the Widget no longer fits its CRD: ${after.join(', ')}`);
});

test('a damaged verdict store is said on stderr and every manifest is checked', (t) => {
  const root = writeTree(t, { 'typo.yaml': TYPO });
  const env = privateCache(t);
  runCli(root, ['--format', 'json'], env);
  writeFileSync(store(env), readFileSync(store(env), 'utf8').replace('datta', 'dotto'));
  const run = runCli(root, ['--format', 'json'], env);
  assert.match(run.stderr, /schema verdicts .* are damaged: its checksum does not match; checking every file/);
  assert.deepEqual(schemaRules(run.stdout), ['typo.yaml k8s-unknown-field']);
});

test("a run over one path keeps the verdicts on the other files", (t) => {
  const root = writeTree(t, { 'typo.yaml': TYPO, 'clean.yaml': CONFIG_MAP });
  const env = privateCache(t);
  runCli(root, ['--format', 'json'], env);
  runCli(root, ['--format', 'json', 'clean.yaml'], env);
  const text = readFileSync(store(env), 'utf8');
  assert.deepEqual(Object.keys((JSON.parse(text.slice(text.indexOf('\n') + 1)) as Stored).files).sort(), ['clean.yaml', 'typo.yaml']);
});

test("an unchanged manifest of a catalogue kind (no CRD in the tree) reports its first run's verdict, as a built-in kind's", (t) => {
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\nspec:\n  selector: {}\n  endpoints:\n    - port: http\n      intervall: 30s\n';
  const root = writeTree(t, { 'monitor.yaml': monitor });
  const env = privateCache(t);
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), ['monitor.yaml k8s-unknown-field']);
  rewrite(store(env), (s) => {
    s.files['monitor.yaml']![1] = [];
  });
  assert.deepEqual(schemaRules(runCli(root, ['--format', 'json'], env).stdout), [], 'the kept verdict is read: the catalogue is part of the code key');
});
