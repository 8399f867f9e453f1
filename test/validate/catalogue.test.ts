// The catalogue of operators' kinds (scripts/validate/kube/pinned/catalogue.generated.ts): flux,
// cert-manager, Gateway API and prometheus-operator objects are checked against their schemas
// without their CRDs in the tree. Through the CLI, as a user runs it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli } from './helpers.ts';
import type { Finding as Found } from '../../scripts/validate/types.ts';

/** The schema check's findings of a fixture tree, run through the CLI. */
function schemaFindings(fixture: string): { status: number; findings: Found[] } {
  const r = runCli(join(FIXTURES, fixture), ['--format', 'json', '--no-cache']);
  const json = JSON.parse(r.stdout) as { findings: Array<Found & { check: string }> };
  return { status: r.status, findings: json.findings.filter((f) => f.check === 'kubernetes-schema') };
}

const at = (f: Found): string => `${f.file}:${f.line}:${f.column}`;

test('a clean ServiceMonitor, HelmRelease, Certificate and HTTPRoute pass without their CRDs in the tree', () => {
  const { status, findings } = schemaFindings('catalogue-clean');
  assert.deepEqual(findings, []);
  assert.equal(status, 0);
});

const mistakes = schemaFindings('catalogue-mistakes').findings;
const ofRule = (rule: string): Found[] => mistakes.filter((f) => f.rule === rule);

test('a misspelt field of a catalogue kind is an error at its line naming the field it resembles', () => {
  const unknown = ofRule('k8s-unknown-field');
  assert.deepEqual(unknown.map(at), ['certificate.yaml:7:3', 'servicemonitor.yaml:11:7']);
  assert.match(unknown[0]!.message, /spec\.dnsName: unknown field "dnsName"; did you mean "dnsNames"\?/);
  assert.match(unknown[1]!.message, /spec\.endpoints\[0\]\.intervall: unknown field "intervall"; did you mean "interval"\?/);
});

test('a wrong type in a catalogue kind is an error at its field', () => {
  const wrong = ofRule('k8s-invalid-type');
  assert.deepEqual(wrong.map(at), ['helmrelease.yaml:7:3']);
  assert.match(wrong[0]!.message, /spec\.maxHistory: expected integer, got string "three"/);
});

test('a field a catalogue kind requires is reported missing', () => {
  const missing = ofRule('k8s-required-field');
  assert.deepEqual(missing.map(at), ['flux-kustomization.yaml:5:1']);
  assert.match(missing[0]!.message, /spec\.prune: required field "prune" is missing/);
});

test('a version of a catalogue kind the catalogue lacks is an unknown kind suggesting the versions it has', () => {
  const unknown = ofRule('k8s-unknown-kind').filter((f) => f.file === 'helmrelease-old.yaml');
  assert.deepEqual(unknown.map(at), ['helmrelease-old.yaml:1:1']);
  assert.match(
    unknown[0]!.message,
    /helm\.toolkit\.fluxcd\.io\/v2beta9 HelmRelease is not in the catalogue of operators' kinds \(@kubernetes-models\/flux-cd 4\.0\.0, which has apiVersion helm\.toolkit\.fluxcd\.io\/v2 or .*\): use that apiVersion, or list the CRD .* under kubernetes\.crds/,
  );
});

test("a kind of another group with a catalogue kind's name is not pointed at the catalogue's group", () => {
  const unknown = ofRule('k8s-unknown-kind').filter((f) => f.file === 'istio-gateway.yaml');
  assert.deepEqual(unknown.map(at), ['istio-gateway.yaml:2:1'], "Istio's Gateway is not Gateway API's");
  assert.match(unknown[0]!.message, /^no schema for networking\.istio\.io\/v1beta1 Gateway \(a custom kind needs its CRD/);
});

test("the tree's CRD of a catalogue kind is read instead of the catalogue's schema", () => {
  const { status, findings } = schemaFindings('catalogue-crd');
  assert.deepEqual(findings, [], "spec.endpoints[].scrapeHint is a field of the tree's ServiceMonitor CRD only");
  assert.equal(status, 0);
});
