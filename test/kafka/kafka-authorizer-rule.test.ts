// The guard of prod's Kafka authorization: `npm run validate` fails, at the file and line, when the
// brokers lose their ACL authorizer or let everyone at what no ACL names (rule kafka-authorizer).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { copyRepository, lineOf, removeCopy, runValidate } from '../helpers/repo-copy.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../helpers/tools.ts';

const PATCH = 'overlays/prod/patches/kafka.yaml';
const COPIED = ['base', 'overlays', 'config', 'clusters', 'compose', 'jobs/Dockerfile', 'scripts/environments.ts', 'terraform/variables.tf', 'validate.config.yaml'];

interface Finding {
  rule: string;
  file: string;
  line: number;
  message: string;
}

/** The kafka-authorizer findings of validating overlays/prod in a copy whose prod Kafka patch `edit` changed. */
async function findingsAfter(t: TestContext, edit: (patch: string) => string): Promise<{ root: string; status: number; findings: Finding[] } | null> {
  if (!(await requireTool(t, 'kubectl'))) return null;
  const root = copyRepository(COPIED, 'kafka-authorizer-');
  t.after(() => removeCopy(root));
  const file = join(root, PATCH);
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `${PATCH} changed: adapt this test's edit`);
  writeFileSync(file, after);
  const run = runValidate(root, ['--format', 'json', 'overlays', 'config', 'base']);
  const report = JSON.parse(run.stdout) as { findings?: Finding[] };
  return { root, status: run.status, findings: (report.findings ?? []).filter((f) => f.rule === 'kafka-authorizer') };
}

test('the prod overlay as committed has an ACL authorizer: no kafka-authorizer finding', async (t) => {
  const r = await findingsAfter(t, (p) => `${p}\n`);
  if (!r) return;
  assert.deepEqual(r.findings, []);
});

test('prod brokers without KAFKA_AUTHORIZER_CLASS_NAME fail validate with kafka-authorizer', async (t) => {
  const r = await findingsAfter(t, (p) => p.replace(/\n\s+- name: KAFKA_AUTHORIZER_CLASS_NAME\n\s+value: \S+/, ''));
  if (!r) return;
  assert.equal(r.status, 1);
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  assert.match(r.findings[0]!.message, /StatefulSet kafka, container kafka: no KAFKA_AUTHORIZER_CLASS_NAME, so any authenticated user may do anything/);
});

test('prod brokers that allow everyone where no ACL is found fail validate at that line', async (t) => {
  const r = await findingsAfter(t, (p) => p.replace(/(\n(\s+)- name: KAFKA_SUPER_USERS\n\s+value: \S+)/, '$1\n$2- name: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND\n$2  value: "true"'));
  if (!r) return;
  assert.equal(r.status, 1);
  assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}`), [lineOf(r.root, PATCH, /^\s+value: "true"$/, Number(lineOf(r.root, PATCH, /KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND/).split(':')[1]))]);
  assert.match(r.findings[0]!.message, /KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND=true lets every user/);
});
