// How findings are merged, which renders are judged, and what a waiver must look like.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTableMarkdown, RULES } from '../../scripts/validate/rules/index.ts';
import { SourceIndex } from '../../scripts/validate/sources.ts';
import { rootRenders, environmentOf } from '../../scripts/validate/rules/renders.ts';
import { FindingSink } from '../../scripts/validate/rules/sink.ts';
import type { Render, SourceFile } from '../../scripts/validate/types.ts';
import { fixtureContext, runRules } from './context.ts';

test('a base object seen through both overlays is reported once, naming both', () => {
  const sink = new FindingSink(() => 'error');
  const at = { file: 'base/web/deployment.yaml', line: 12, column: 5 };
  sink.report('resources', at, 'container web sets no limits.cpu', [], 'overlays/dev');
  sink.report('resources', at, 'container web sets no limits.cpu', [], 'overlays/prod');
  const findings = sink.findings();
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /\[in overlays\/dev, overlays\/prod\]$/);
});

test('a kustomization included by another is judged through it, not alone', () => {
  const file = (path: string, text: string): SourceFile => ({ path, absPath: `/nowhere/${path}`, kind: 'yaml', text });
  const files = SourceIndex.forContext({ root: '/nowhere', files: [file('overlays/dev/kustomization.yaml', 'resources:\n  - ../../base/web\n'), file('base/web/kustomization.yaml', 'resources: [deployment.yaml]\n')] });
  const render = (dir: string): Render => ({ dir, file: `${dir}/kustomization.yaml`, objects: [] });
  assert.deepEqual(rootRenders([render('base/web'), render('overlays/dev')], files).map((r) => r.dir), ['overlays/dev']);
});

test('the environment of a render is its overlays/<env> directory, else its namespace suffix', () => {
  assert.equal(environmentOf({ dir: 'overlays/prod', file: '', objects: [] }), 'prod');
  const obj = { apiVersion: 'v1', kind: 'Service', name: 's', namespace: 'platform-prod', body: {}, source: { file: 'f', line: 1, column: 1 } };
  assert.equal(environmentOf({ dir: 'elsewhere', file: '', objects: [obj] }), 'prod');
});

test('waiver-unknown-rule: a waiver naming no rule is flagged', async () => {
  const ctx = fixtureContext('within-render');
  const svc = ctx.renders[0]!.objects.find((o) => o.kind === 'Service' && o.name === 'orphan')!;
  (svc.body.metadata as Record<string, unknown>).annotations = { 'ignore-check.platform-team.io/service-selector-nomatch': 'typo' };
  const flagged = (await runRules(ctx)).filter((f) => f.rule === 'waiver-unknown-rule');
  assert.equal(flagged.length, 1);
  assert.equal(flagged[0]!.file, 'overlays/dev/objects.yaml');
});

test('every rule has a kebab-case id and a one-line description, listed in the README table', () => {
  const table = ruleTableMarkdown();
  for (const r of RULES) {
    assert.match(r.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!r.description.includes('\n'));
    assert.ok(table.includes(`| \`${r.id}\` | ${r.severity} |`), r.id);
  }
});

test('malformed objects (left to the schema check) do not crash the rules', async () => {
  const ctx = fixtureContext('within-render');
  const web = ctx.renders[0]!.objects.find((o) => o.kind === 'Deployment' && o.name === 'web')!;
  (web.body.spec as { template: { spec: Record<string, unknown> } }).template.spec = { containers: 'oops', volumes: { a: 1 }, initContainers: [{ name: 'x', env: 'y', ports: 7 }] };
  const svc = ctx.renders[0]!.objects.find((o) => o.kind === 'Service' && o.name === 'web')!;
  (svc.body.spec as Record<string, unknown>).ports = 'http';
  const findings = await runRules(ctx);
  assert.ok(findings.length > 0);
});

test('rules over two renders of the same source objects report each mistake once', async () => {
  const ctx = fixtureContext('within-render');
  const dev = ctx.renders[0]!;
  ctx.renders.push({ dir: 'overlays/prod', file: 'overlays/prod/kustomization.yaml', objects: structuredClone(dev.objects) });
  const orphan = (await runRules(ctx)).filter((f) => f.rule === 'service-selector-no-match');
  assert.equal(orphan.length, 1);
  assert.match(orphan[0]!.message, /\[in overlays\/dev, overlays\/prod\]$/);
});
