import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { at, findingsOf, REPO, validateFixture } from './helpers.ts';

test('an unknown field in a plain manifest is an error naming the nearest valid field', async () => {
  const report = await validateFixture('plain-unknown-field');
  const found = findingsOf(report, 'k8s-unknown-field');
  assert.deepEqual(found.map(at), ['deployment.yaml:6:3', 'deployment.yaml:18:11']);
  assert.match(found[0]!.message, /spec\.replica: unknown field "replica"; did you mean "replicas"\?/);
  assert.match(found[1]!.message, /did you mean "imagePullPolicy"\?/);
});

test('an object without metadata.name is an error, though the schema allows it', async () => {
  const report = await validateFixture('required-field', { paths: ['configmap.yaml'] });
  const found = findingsOf(report, 'k8s-required-field');
  assert.deepEqual(found.map(at), ['configmap.yaml:3:1']);
  assert.match(found[0]!.message, /^metadata\.name: required field "name" is missing/);
});

test('a missing required field is reported at the object that needs it', async () => {
  const report = await validateFixture('required-field', { paths: ['deployment.yaml'] });
  const [f] = findingsOf(report, 'k8s-required-field');
  assert.ok(f, 'expected a finding');
  assert.equal(at(f), 'deployment.yaml:5:1');
  assert.match(f.message, /spec\.selector: required field "selector" is missing/);
});

test('a wrong type, enum value and quantity format are each reported at their field', async () => {
  const report = await validateFixture('wrong-type');
  assert.deepEqual(findingsOf(report, 'k8s-invalid-type').map(at), ['deployment.yaml:6:3']);
  assert.deepEqual(findingsOf(report, 'k8s-invalid-enum').map(at), ['deployment.yaml:18:11']);
  assert.deepEqual(findingsOf(report, 'k8s-invalid-format').map(at), ['deployment.yaml:21:15']);
  assert.match(findingsOf(report, 'k8s-invalid-enum')[0]!.message, /"Sometimes" is not one of "Always", "IfNotPresent", "Never"/);
});

test('an unquoted yes in a plain manifest is a boolean, as kubectl reads it, and a string field rejects it', async () => {
  const report = await validateFixture('yaml11');
  const found = findingsOf(report, 'k8s-invalid-type');
  assert.deepEqual(found.map(at), ['deployment.yaml:19:15']);
  assert.match(found[0]!.message, /env\[0\]\.value: expected string, got boolean true \(unquoted yes\/no\/on\/off\/true\/false are booleans: quote the value\)/);
});

test('a removed apiVersion is an error naming its replacement and the release that removed it', async () => {
  const report = await validateFixture('deprecated-api');
  const found = findingsOf(report, 'k8s-deprecated-api');
  assert.deepEqual(found.map(at), ['ingress.yaml:1:1', 'pdb.yaml:1:1']);
  assert.ok(found.every((f) => f.severity === 'error'));
  assert.match(found[1]!.message, /policy\/v1beta1 PodDisruptionBudget was removed in Kubernetes 1\.25.*use apiVersion policy\/v1/);
  assert.match(found[0]!.message, /removed in Kubernetes 1\.22.*networking\.k8s\.io\/v1/);
});

test('an apiVersion deprecated but still served at --kube-version is a warning', async () => {
  const report = await validateFixture('deprecated-api', { kubeVersion: '1.22' });
  const pdb = findingsOf(report, 'k8s-deprecated-api').find((f) => f.file === 'pdb.yaml');
  assert.equal(pdb?.severity, 'warning');
  assert.match(pdb.message, /deprecated since Kubernetes 1\.21; it stops being served in 1\.25/);
});

test('an apiVersion that does not serve the kind names the one that does', async () => {
  const report = await validateFixture('api-version', { paths: ['deployment.yaml'] });
  const found = findingsOf(report, 'k8s-unknown-kind');
  assert.deepEqual(found.map(at), ['deployment.yaml:1:1']);
  assert.match(found[0]!.message, /^apps\/v2 does not serve Deployment: use apiVersion apps\/v1 \(Deployment web\)$/);
});

test('a misspelt kind is an unknown kind with a suggestion', async () => {
  const report = await validateFixture('api-version', { paths: ['kind-typo.yaml'] });
  const found = findingsOf(report, 'k8s-unknown-kind');
  assert.deepEqual(found.map(at), ['kind-typo.yaml:2:1']);
  assert.match(found[0]!.message, /no schema for apps\/v1 Deploymnet; did you mean Deployment\?/);
});

test('an apiVersion newer than the target cluster is an error naming the older one', async () => {
  const report = await validateFixture('api-version', { paths: ['pdb.yaml'], kubeVersion: '1.20' });
  const found = findingsOf(report, 'k8s-api-unavailable');
  assert.deepEqual(found.map(at), ['pdb.yaml:1:1']);
  assert.match(found[0]!.message, /policy\/v1 PodDisruptionBudget is served from Kubernetes 1\.21, but the target is 1\.20.*policy\/v1beta1/);
  const current = await validateFixture('api-version', { paths: ['pdb.yaml'], kubeVersion: '1.33' });
  assert.deepEqual(current.findings, []);
});

test('a kind without a schema is an error unless validate.config.yaml skips it', async () => {
  const report = await validateFixture('unknown-kind');
  const found = findingsOf(report, 'k8s-unknown-kind');
  assert.deepEqual(found.map(at), ['custom.yaml:7:1'], 'Gadget is reported at its kind; the skipped Widget is not');
  assert.match(found[0]!.message, /no schema for example\.com\/v1 Gadget/);
});

test('Argo CD Applications are checked against the Argo CD schema', async () => {
  const report = await validateFixture('argo-cd');
  assert.deepEqual(findingsOf(report, 'k8s-invalid-type').map(at), ['application.yaml:17:7']);
});

test('an unknown field in an Argo CD Application is an error, as in built-in kinds', async () => {
  const report = await validateFixture('argo-cd');
  const found = findingsOf(report, 'k8s-unknown-field');
  assert.deepEqual(found.map(at), ['application.yaml:20:3']);
  assert.match(found[0]!.message, /did you mean "ignoreDifferences"\?/);
});

test('an AppProject may name the cluster-scoped objects it allows (clusterResourceWhitelist[].name)', async () => {
  const report = await validateFixture('argo-cd', { paths: ['appproject.yaml'] });
  assert.equal(report.objects, 1);
  assert.deepEqual(report.findings, []);
});

test('a kind Kubernetes added after the installed kubernetes-models is checked against its kept schema', async () => {
  const report = await validateFixture('newer-kinds', { paths: ['deviceclass.yaml'] });
  const found = findingsOf(report, 'k8s-invalid-type');
  assert.deepEqual(found.map(at), ['deviceclass.yaml:8:9']);
  assert.match(found[0]!.message, /spec\.selectors\[0\]\.cel\.expression: expected string, got integer 7/);
});

test('an unknown field in a kind newer than the installed client-node is found from the kept field lists', async () => {
  const report = await validateFixture('newer-kinds', { paths: ['mutating-admission-policy.yaml'] });
  const found = findingsOf(report, 'k8s-unknown-field');
  assert.deepEqual(found.map(at), ['mutating-admission-policy.yaml:7:3']);
  assert.match(found[0]!.message, /spec\.failurPolicy: unknown field "failurPolicy"; did you mean "failurePolicy"\?/);
});

test('a field Kubernetes added to an older kind after the installed client-node is known', async () => {
  const report = await validateFixture('newer-kinds', { paths: ['pod.yaml'] });
  assert.deepEqual(report.findings, [], 'spec.schedulingGroup is a Pod field since client-node 2');
});

test('the kept schemas and field lists are what the generator makes from the pinned releases', async (t) => {
  const { COMMAND, generatePinned, PINNED_DIR } = await import('../../scripts/validate/kube/pinned/generate.ts');
  let generated: Record<string, string>;
  try {
    generated = await generatePinned();
  } catch (e) {
    // The generator installs the pinned releases from the npm registry, which CI always reaches.
    if (process.env.CI === 'true') throw e;
    t.skip(`cannot generate (${(e as Error).message.split('\n')[0]})`);
    return;
  }
  const kept = readdirSync(PINNED_DIR).filter((f) => f.includes('.generated.')).sort();
  assert.deepEqual(kept, Object.keys(generated).sort(), `run: ${COMMAND}`);
  for (const [name, text] of Object.entries(generated)) assert.equal(readFileSync(join(PINNED_DIR, name), 'utf8'), text, `${name} differs; run: ${COMMAND}`);
});

test('a manifest with a misspelt apiVersion is reported, not mistaken for some other YAML', async () => {
  const report = await validateFixture('missing-type');
  const found = findingsOf(report, 'k8s-missing-type');
  assert.deepEqual(found.map(at), ['service.yaml:1:1']);
  assert.match(found[0]!.message, /object has no apiVersion; "apiVerison" looks like a misspelling of it/);
});

test('custom kinds are checked against the CRD the repository deploys, unknown fields included', async () => {
  const report = await validateFixture('crd');
  assert.deepEqual(findingsOf(report, 'k8s-invalid-type').map(at), ['widget.yaml:6:3']);
  const unknown = findingsOf(report, 'k8s-unknown-field');
  assert.deepEqual(unknown.map(at), ['widget.yaml:7:3'], 'fields under x-kubernetes-preserve-unknown-fields are free-form');
  assert.match(unknown[0]!.message, /spec\.color: unknown field "color"; did you mean "colour"\?/);
});

test('a clean manifest has no findings and is counted', async () => {
  const report = await validateFixture('clean');
  assert.deepEqual(report.findings, []);
  assert.equal(report.objects, 1);
});

test("client-node's field lists are kept between runs, and a later run reads them from the store", () => {
  const cache = join(REPO, 'node_modules', '.cache', `platform-validate-fields-test-${process.pid}`);
  const dir = mkdtempSync(join(tmpdir(), 'fields-store-'));
  const script = join(dir, 'unknown.mts');
  const fields = pathToFileURL(join(REPO, 'scripts', 'validate', 'kube', 'fields.ts')).href;
  writeFileSync(
    script,
    `import { modelForKind, saveFieldLists, unknownFields } from ${JSON.stringify(fields)};
const model = await modelForKind('apps/v1', 'Deployment', true);
await saveFieldLists();
console.log(JSON.stringify(unknownFields(model!, { spec: { replicas: 2 } }).map((u) => u.path.join('.'))));`,
  );
  const run = (): string[] => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, env: { ...process.env, XDG_CACHE_HOME: cache }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as string[];
  };
  try {
    assert.deepEqual(run(), [], 'replicas is a field of a Deployment spec');
    const [store] = readdirSync(join(cache, 'platform-validate', 'fields')).filter((f) => f.startsWith('client-node-fields-'));
    assert.ok(store, 'the first run keeps the field lists it read');
    // A store that says otherwise is believed: proof that the second run reads it, not the models.
    const path = join(cache, 'platform-validate', 'fields', store);
    const lists = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Array<{ baseName: string }>>;
    lists.V1DeploymentSpec = lists.V1DeploymentSpec!.filter((a) => a.baseName !== 'replicas');
    writeFileSync(path, JSON.stringify(lists));
    assert.deepEqual(run(), ['spec.replicas']);
  } finally {
    rmSync(cache, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
