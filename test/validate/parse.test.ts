import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discover } from '../../scripts/validate/discover.ts';
import { parseFile, parseFiles, parseFilesBeside } from '../../scripts/validate/parse.ts';
import { at, FIXTURES, findingsOf, validateFixture } from './helpers.ts';

test('a YAML syntax error is reported with its line and column', async () => {
  const report = await validateFixture('yaml-syntax');
  const [f, ...rest] = findingsOf(report, 'yaml-syntax');
  assert.equal(rest.length, 0);
  assert.ok(f, 'expected a finding');
  assert.equal(at(f), 'broken.yaml:6:17', 'the unclosed sequence runs to the end of line 6');
  assert.equal(f.severity, 'error');
});

test('a duplicate mapping key is reported at the second occurrence', async () => {
  const report = await validateFixture('duplicate-key');
  assert.deepEqual(findingsOf(report, 'yaml-duplicate-key').map(at), ['service.yaml:10:3']);
});

test('a tab in indentation is reported at the tab', async () => {
  const report = await validateFixture('tab');
  assert.deepEqual(findingsOf(report, 'yaml-tab').map(at), ['configmap.yaml:4:1']);
  assert.equal(findingsOf(report, 'yaml-syntax').length, 0, 'the tab is reported once, not also as a syntax error');
});

test('a JSON syntax error is reported at the offending character', async () => {
  const report = await validateFixture('json');
  const [f] = findingsOf(report, 'json-syntax');
  assert.ok(f, 'expected a finding');
  assert.equal(at(f), 'broken.json:3:19');
  assert.match(f.message, /Unexpected token '\]'/);
});

test('a duplicate JSON key is reported, though JSON.parse would keep the last silently', async () => {
  const report = await validateFixture('json');
  assert.deepEqual(findingsOf(report, 'json-duplicate-key').map(at), ['duplicate.json:4:3']);
});

test('a file that does not parse is not validated further', async () => {
  const report = await validateFixture('duplicate-key');
  assert.equal(report.objects, 0);
});

test('a tab inside a block scalar is content, not indentation', async () => {
  const report = await validateFixture('block-scalar-tab');
  assert.deepEqual(report.findings, []);
  assert.equal(report.objects, 1);
});

const documentStarts = (text: string): Array<{ line: number; column: number }> =>
  parseFile({ path: 'stream.yaml', absPath: '/stream.yaml', kind: 'yaml', text }).parsed.docs.map((d) => ({ line: d.line, column: d.column }));

test('documents are numbered as the reader numbers them, each at its first line of content', () => {
  assert.deepEqual(documentStarts('a: 1\n---\n'), [
    { line: 1, column: 1 },
    { line: 2, column: 1 },
  ]);
  assert.deepEqual(documentStarts('# header\n---\n# only a comment\n---\n\n  b: 2\n'), [
    { line: 2, column: 1 },
    { line: 6, column: 3 },
  ]);
  assert.deepEqual(documentStarts('--- {a: 1}\n...\n---\nb: 1\n'), [
    { line: 1, column: 5 },
    { line: 4, column: 1 },
  ]);
  assert.deepEqual(documentStarts('# nothing\n'), []);
});

test('parsing beside other work gives the same documents and findings as parsing alone, and waits for that work', async () => {
  const files = await discover(FIXTURES, [], []);
  let finished = false;
  const beside = await parseFilesBeside(files, async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    finished = true;
  });
  const alone = parseFiles(files);
  const view = (r: typeof alone) => ({
    paths: [...r.parsed.keys()],
    docs: [...r.parsed.values()].map((p) => ({ ok: p.ok, docs: p.docs.map((d) => ({ value: d.value, line: d.line, column: d.column })) })),
    findings: r.findings,
  });
  assert.deepEqual(view(beside), view(alone));
  assert.ok(alone.findings.length > 0, 'the fixtures include YAML and JSON mistakes');
  assert.ok(finished, 'the other work had finished when parsing resolved');
});
