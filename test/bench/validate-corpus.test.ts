import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeCorpus, type CorpusOptions } from '../../scripts/bench/validate-corpus.ts';
import { validate } from '../../scripts/validate/registry.ts';

// Small enough to validate in a test, large enough to hold every shape of application and every planted mistake.
const SMALL: CorpusOptions = { files: 30, objectsPerFile: 10, mistakeEvery: 6 };

function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'validate-corpus-test-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  for (const team of readdirSync(join(dir, 'apps')).sort()) {
    for (const file of readdirSync(join(dir, 'apps', team)).sort()) hash.update(file).update(readFileSync(join(dir, 'apps', team, file)));
  }
  return hash.digest('hex');
}

test('the benchmark corpus is the same bytes every time it is written', async () => {
  const [a, b] = await Promise.all([inTempDir(async (d) => (writeCorpus(d, SMALL), digest(d))), inTempDir(async (d) => (writeCorpus(d, SMALL), digest(d)))]);
  assert.equal(a, b);
});

test('validating the benchmark corpus strictly finds exactly its planted mistakes, each in its file', () =>
  inTempDir(async (dir) => {
    const corpus = writeCorpus(dir, SMALL);
    assert.equal(corpus.objects, 300);
    assert.equal(corpus.mistakes.length, 5);
    const report = await validate({ root: dir, paths: [], fileChecks: [] });
    assert.equal(report.objects, 300);
    const found = report.findings.map((f) => `${f.file} ${f.rule}`).sort();
    assert.deepEqual(found, corpus.mistakes.map((m) => `${m.file} ${m.rule}`).sort());
  }));
