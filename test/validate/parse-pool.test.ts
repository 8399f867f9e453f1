import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discover } from '../../scripts/validate/discover.ts';
import { fastRead } from '../../scripts/validate/fast-read.ts';
import { parseFiles } from '../../scripts/validate/parse.ts';
import { parseFilesInParallel, readTexts } from '../../scripts/validate/parse-pool.ts';
import { FIXTURES } from './helpers.ts';

// Every fixture of the validate tests: clean manifests, and each class of YAML/JSON mistake.
const fixtures = () => discover(FIXTURES, [], []);

test('a parse worker reads every text exactly as the main thread does', async () => {
  const texts = (await fixtures()).filter((f) => f.kind === 'yaml').map((f) => f.text);
  const inWorker = await readTexts(texts, 1, false);
  assert.deepEqual(inWorker, texts.map(fastRead));
  assert.ok(inWorker.some((r) => r === null), 'the fixtures include files js-yaml rejects');
});

test('parsing on worker threads gives the same documents, positions and findings as parsing on one', async () => {
  const files = await fixtures();
  const one = parseFiles(files);
  const many = await parseFilesInParallel(files, { minBytes: 0, workers: 1 });
  const view = (r: typeof one) => ({
    paths: [...r.parsed.keys()],
    docs: [...r.parsed.values()].map((p) => ({ ok: p.ok, docs: p.docs.map((d) => ({ value: d.value, line: d.line, column: d.column })) })),
    findings: r.findings,
  });
  assert.deepEqual(view(many), view(one));
  assert.ok(one.findings.length > 0, 'the fixtures include YAML and JSON mistakes');
});
