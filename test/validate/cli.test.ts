import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeOnlyPath } from '../helpers/validate-cli.ts';
import { FIXTURES, runCli } from './helpers.ts';

test('exit 0 and a summary line when everything is valid', () => {
  const r = runCli(join(FIXTURES, 'clean'), []);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^OK: 1 file, 1 Kubernetes object \(Kubernetes 1\.33\), 0 errors, 0 warnings/m);
});

test('exit 1 with one line per finding when there are errors', () => {
  const r = runCli(join(FIXTURES, 'plain-unknown-field'), []);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^deployment\.yaml:6:3 {2}error {2}k8s-unknown-field {2}spec\.replica: unknown field "replica"; did you mean "replicas"\?/m);
  assert.match(r.stdout, /^FAIL: 1 file, 1 Kubernetes object \(Kubernetes 1\.33\), \d+ errors/m);
});

test('paths on the command line narrow validation to them', () => {
  const r = runCli(join(FIXTURES, 'deprecated-api'), ['pdb.yaml', '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  const json = JSON.parse(r.stdout) as { summary: { files: number }; findings: Array<{ file: string; rule: string; check: string }> };
  assert.equal(json.summary.files, 1);
  assert.deepEqual(
    json.findings.map((f) => [f.file, f.rule, f.check]),
    [['pdb.yaml', 'k8s-deprecated-api', 'kubernetes-schema']],
  );
});

test('--kube-version changes what counts as removed', () => {
  const r = runCli(join(FIXTURES, 'deprecated-api'), ['pdb.yaml', '--kube-version', '1.24']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /pdb\.yaml:1:1 {2}warning {2}k8s-deprecated-api/);
});

test('exit 2 for an unknown flag, with the usage', () => {
  const r = runCli(join(FIXTURES, 'clean'), ['--strict']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown option '--strict'/);
  assert.match(r.stderr, /usage: npm run validate/);
});

test('exit 2 for a --kube-version that is not a version', () => {
  const r = runCli(join(FIXTURES, 'clean'), ['--kube-version', 'latest']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--kube-version "latest" is not a Kubernetes version; expected MAJOR\.MINOR such as 1\.33/);
});

test('exit 2 for an unknown --format', () => {
  const r = runCli(join(FIXTURES, 'clean'), ['--format', 'xml']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format "xml" is not one of text, json, github, junit/);
});

test('exit 2 for a path that does not exist', () => {
  const r = runCli(join(FIXTURES, 'clean'), ['nowhere.yaml']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nowhere\.yaml: no such file or directory/);
});

test('a check that cannot run is reported with its fix, and is exit 2 under --require-all', () => {
  const env = { ...process.env, PATH: nodeOnlyPath() };
  const plain = runCli(join(FIXTURES, 'rendered'), [], env);
  assert.match(plain.stdout, /Checks that did not run:\n {2}kustomize: kubectl is not on the PATH; to run it: install kubectl/);
  const strict = runCli(join(FIXTURES, 'rendered'), ['--require-all'], env);
  assert.equal(strict.status, 2, strict.stdout + strict.stderr);
  assert.match(strict.stderr, /--require-all: .*kustomize.* did not run/);
});

test('--format github prints workflow annotations', () => {
  const r = runCli(join(FIXTURES, 'required-field'), ['deployment.yaml', '--format', 'github']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^::error file=deployment\.yaml,line=5,col=1,title=k8s-required-field::spec\.selector: required field "selector" is missing/m);
});

test('--format junit prints a JUnit XML report', () => {
  const r = runCli(join(FIXTURES, 'required-field'), ['deployment.yaml', '--format', 'junit']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /<testsuite name="kubernetes-schema" tests="1" failures="1"/);
});
