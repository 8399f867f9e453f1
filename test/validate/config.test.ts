import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { loadConfig, UsageError } from '../../scripts/validate/config.ts';
import { classify, discover, globToRegExp } from '../../scripts/validate/discover.ts';
import { deprecationOf } from '../../scripts/validate/kube/deprecated.ts';
import { DEFAULT_KUBE_VERSION, defaultKubeVersion, parseKubeVersion } from '../../scripts/validate/kube/version.ts';
import { nearest } from '../../scripts/validate/did-you-mean.ts';
import { FIXTURES, REPO } from './helpers.ts';

test('a mistake in validate.config.yaml is a usage error with its line', () => {
  assert.throws(() => loadConfig(join(FIXTURES, 'bad-config')), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, 'validate.config.yaml:4:7: unknown key "reson" in kubernetes.skipKinds; expected apiVersion, kind, reason');
    return true;
  });
});

test('the repository config parses and ignores test fixtures', () => {
  const config = loadConfig(REPO);
  assert.ok(config.ignore.includes('test/fixtures/'));
});

test('files are classified by name and shebang', () => {
  assert.equal(classify('base/kafka/statefulset.yaml'), 'yaml');
  assert.equal(classify('config/dev/grafana/dashboards/kafka.json'), 'json');
  assert.equal(classify('terraform/variables.tf'), 'terraform');
  assert.equal(classify('config/dev/logstash.conf'), 'logstash');
  assert.equal(classify('config/dev/spark-defaults.conf'), 'properties');
  assert.equal(classify('config/dev/spark-env.sh'), 'shell');
  assert.equal(classify('.ci/run', '#!/usr/bin/env bash'), 'shell');
  assert.equal(classify('jobs/Dockerfile'), 'dockerfile');
  assert.equal(classify('README.md'), 'other');
});

test('ignore globs match directories, single segments and any depth', () => {
  assert.ok(globToRegExp('test/fixtures/').test('test/fixtures/validate/tab/configmap.yaml'));
  assert.ok(globToRegExp('*.md').test('README.md'));
  assert.ok(!globToRegExp('*.md').test('docs/a.txt'));
  assert.ok(globToRegExp('**/generated/*.json').test('config/dev/generated/a.json'));
});

/** A temporary directory removed when the test ends. */
function tempDir(t: TestContext, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('discovery skips node_modules, .git and .terraform, and ignored paths unless named', async (t) => {
  const root = tempDir(t, 'discover-');
  for (const d of ['node_modules/x', '.git', 'terraform/.terraform', 'fixtures', 'base']) mkdirSync(join(root, d), { recursive: true });
  for (const f of ['node_modules/x/a.yaml', '.git/config', 'terraform/.terraform/p.json', 'terraform/main.tf', 'fixtures/bad.yaml', 'base/ok.yaml']) {
    writeFileSync(join(root, f), 'a: 1\n');
  }
  const all = await discover(root, [], ['fixtures/']);
  assert.deepEqual(all.map((f) => f.path), ['base/ok.yaml', 'terraform/main.tf']);
  const named = await discover(root, ['fixtures'], ['fixtures/']);
  assert.deepEqual(named.map((f) => f.path), ['fixtures/bad.yaml']);
});

test('--kube-version accepts 1.33, v1.33 and 1.33.2, and nothing else', () => {
  assert.equal(parseKubeVersion('1.33'), '1.33');
  assert.equal(parseKubeVersion('v1.30'), '1.30');
  assert.equal(parseKubeVersion('1.29.4'), '1.29');
  assert.throws(() => parseKubeVersion('2'), UsageError);
});

test('the default Kubernetes version is the one pinned in terraform/variables.tf', (t) => {
  const root = tempDir(t, 'kube-version-');
  assert.equal(defaultKubeVersion(root), DEFAULT_KUBE_VERSION);
  mkdirSync(join(root, 'terraform'));
  writeFileSync(
    join(root, 'terraform', 'variables.tf'),
    'variable "region" {\n  default = "eu-west-1"\n}\n\nvariable "kubernetes_version" {\n  type    = string\n  default = "1.31"\n}\n',
  );
  assert.equal(defaultKubeVersion(root), '1.31');
});

test('deprecations are relative to the target version', () => {
  assert.equal(deprecationOf('batch/v1beta1', 'CronJob', '1.20'), null);
  assert.equal(deprecationOf('batch/v1beta1', 'CronJob', '1.21')?.severity, 'warning');
  assert.equal(deprecationOf('batch/v1beta1', 'CronJob', '1.25')?.severity, 'error');
  assert.equal(deprecationOf('batch/v1', 'CronJob', '1.33'), null);
});

test('suggestions name a near miss and nothing for an unrelated word', () => {
  assert.equal(nearest('imagePulPolicy', ['image', 'imagePullPolicy', 'imagePullSecrets']), 'imagePullPolicy');
  assert.equal(nearest('replica', ['replicas', 'selector']), 'replicas');
  assert.equal(nearest('banana', ['replicas', 'selector']), null);
});
