import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { driftCheck, firstDifference } from '../../scripts/validate/checks/drift.ts';
import type { Context } from '../../scripts/validate/types.ts';
import { FIXTURES, REPO_ROOT, generatedTree, tempDir } from './helpers.ts';

const contextAt = (root: string): Context => ({ root, files: [], options: { kubeVersion: '1.33', requireAll: false } });

test('a hand edit of a committed generated file is reported with its file, first differing line and the fix', async (t) => {
  const root = await tempDir(t);
  for (const dir of ['config', 'compose']) await cp(join(REPO_ROOT, dir), join(root, dir), { recursive: true });
  const file = join(root, 'config/prod/logstash.conf');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const line = lines.findIndex((l) => l.includes('topics =>'));
  lines[line] = '    topics => ["other-topic"]';
  await writeFile(file, lines.join('\n'));

  const { findings } = await driftCheck.run(contextAt(root));

  assert.equal(findings.length, 1);
  const [f] = findings;
  assert.equal(f?.file, 'config/prod/logstash.conf');
  assert.equal(f?.line, line + 1);
  assert.equal(f?.rule, 'generated-drift');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /npm run generate/);
  assert.match(f?.message ?? '', /topics => \["other-topic"\]/);
});

test('a deleted generated file is reported as missing', async (t) => {
  const root = await generatedTree(t);
  await rm(join(root, 'compose/compose.yaml'));
  const { findings } = await driftCheck.run(contextAt(root));
  assert.deepEqual(
    findings.map((f) => [f.file, f.rule]),
    [['compose/compose.yaml', 'generated-drift']],
  );
  assert.match(findings[0]?.message ?? '', /missing; run `npm run generate`/);
});

test('a freshly generated tree has no drift', async (t) => {
  const root = await generatedTree(t);
  assert.deepEqual((await driftCheck.run(contextAt(root))).findings, []);
});

test('a tree without the typed source or any generated file is not checked', async () => {
  assert.deepEqual((await driftCheck.run(contextAt(join(FIXTURES, 'unrelated-tree')))).findings, []);
});

test('firstDifference finds a line appended at the end', () => {
  assert.deepEqual(firstDifference('a\nb\n', 'a\nb\nc\n'), { line: 3, expected: '', found: 'c' });
});

test('firstDifference tells equal texts apart from CRLF copies', () => {
  assert.equal(firstDifference('a\n', 'a\n'), null);
  assert.equal(firstDifference('a\nb\n', 'a\r\nb\r\n')?.line, 1);
});
