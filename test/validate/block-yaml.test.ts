// The block-YAML reader is a fast path in front of js-yaml: whatever it reads must be exactly what
// js-yaml reads (values, and the document starts documentStarts finds), and whatever it is not sure
// of it must decline. These tests hold it to that on real files, on a table of edge cases, and on
// mutated copies of real files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { random, writeCorpus } from '../../scripts/bench/validate-corpus.ts';
import { walkPath, type FieldPath, type PathSegment } from '../../scripts/lib/yaml-locate.ts';
import { locateInBlock, readBlockYaml, readBlockYamlPositions } from '../../scripts/validate/block-yaml.ts';
import { discover } from '../../scripts/validate/discover.ts';
import { documentStarts } from '../../scripts/validate/fast-read.ts';
import { REPO } from './helpers.ts';

/** js-yaml's documents, or null when it rejects the text. */
function jsYaml(text: string): unknown[] | null {
  try {
    return loadAll(text, null, { schema: CORE_SCHEMA }) as unknown[];
  } catch {
    return null;
  }
}

/** Asserts the reader either declines `text` or reads it exactly as js-yaml does; says which. */
function agrees(text: string, label: string): 'read' | 'declined' {
  const mine = readBlockYaml(text);
  if (mine === null) return 'declined';
  const theirs = jsYaml(text);
  assert.notEqual(theirs, null, `${label}: the reader accepted a text js-yaml rejects:\n${text}`);
  assert.deepStrictEqual(mine.values, theirs, `${label}: values differ from js-yaml's:\n${text}`);
  assert.deepStrictEqual(mine.starts, documentStarts(text), `${label}: document starts differ:\n${text}`);
  return 'read';
}

test('every YAML file in the repository is read exactly as js-yaml reads it, or declined', async () => {
  const files = (await discover(REPO, [], [])).filter((f) => f.kind === 'yaml');
  const outcomes = files.map((f) => agrees(f.text, f.path));
  const declined = files.filter((_, i) => outcomes[i] === 'declined').map((f) => f.path);
  // Only the fixtures that exist to be malformed (tabs, duplicate keys, broken syntax) leave the subset.
  assert.ok(
    declined.every((p) => p.startsWith('test/fixtures/')),
    `repository files the reader declined: ${declined.filter((p) => !p.startsWith('test/fixtures/')).join(', ')}`,
  );
  assert.ok(files.length > 100 && declined.length < 10, `${declined.length} of ${files.length} declined`);
});

test('the benchmark corpus is read entirely by the reader, exactly as js-yaml reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'block-yaml-corpus-'));
  try {
    writeCorpus(dir, { files: 40, objectsPerFile: 10, mistakeEvery: 7 });
    const files = await discover(dir, [], []);
    assert.equal(files.length, 40);
    assert.deepEqual(
      files.map((f) => agrees(f.text, f.path)),
      files.map(() => 'read'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Texts the reader must read itself (and so, by `agrees`, exactly as js-yaml does). */
const READ: Record<string, string> = {
  'nested mappings': 'a:\n  b:\n    c: 1\n  d: x\ne: y\n',
  'a sequence at its key\'s indent': 'a:\n- 1\n- two\nb: 3\n',
  'a sequence of mappings': 'items:\n  - name: a\n    value: 1\n  -   name: b\n      value: 2\n',
  'nested compact sequences': '- - a\n  - b\n- - c\n',
  'empty entries are null': 'a:\nb: ~\nc: null\nd:\n- \n-\n',
  'core-schema scalars': 'a: 0x1F\nb: 0o17\nc: 1e3\nd: .5\ne: -.inf\nf: .nan\ng: +12\nh: -0\ni: 1.50\nj: 012\nk: 1_000\n',
  'YAML 1.1 booleans are strings': 'a: yes\nb: No\nc: on\nd: True\ne: FALSE\nf: y\n',
  'keys are the strings of their values': '8080: a\n0x10: b\n1.0: c\n~: d\ntrue: e\n',
  'comments and trailing spaces': '# head\na: b # c\nd: e#f\ng: h   \ni:   j\n  # indented comment\nk: l\n',
  'colons inside plain scalars': 'image: nginx:1.25\nurl: http://x.y/z?q=1\ntime: 12:30\nport: :8035\nlist:\n- :80\n',
  'quoted scalars': `a: 'it''s'\nb: "say \\"hi\\"\\n\\u00e9\\t/\\/"\nc: ''\nd: ""\n'e f': 1\n"g:h": 2\n`,
  'unicode and no-break spaces': 'a: héllo 日本\nb: x\u00a0\n',
  'literal block scalars': 'a: |\n  line 1\n\n    indented\n  line 3\nb: |-\n  stripped\n\n\nc: 1\n',
  'folded block scalars': 'a: >\n  one\n  two\n\n  three\n    more\n  four\nb: >-\n  x\n  y\n',
  'block scalars with leading blank lines and comments': 'a: |\n\n  # not a comment\n  x\n# a comment\nb: |\nc: 1\n',
  'a block scalar in a sequence item': 'args:\n- |\n  echo hi\n- -c\n',
  'one-line flow collections': 'a: []\nb: {}\nc: ["x", y, 1, \'z\']\nd: {app: web, "tier": 2}\ne: [ a , b ]\n',
  'several documents': '# leading comment\n---\na: 1\n--- # comment\nb: 2\n---\n---\n- c\n',
  'content before the first marker': 'a: 1\n---\nb: 2\n',
  'an empty document at the end': 'a: 1\n---\n',
  'no final newline': 'a: 1\nb: |\n  x',
  'keys an object inherits': 'constructor: 1\ntoString: {valueOf: 2}\n',
  'an empty text': '',
  'only comments': '# nothing\n\n',
};

/** Texts the reader must decline, leaving them to js-yaml (valid or not). */
const DECLINED: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  'multi-line plain scalars': 'a: one\n  two\n',
  'multi-line quoted scalars': 'a: "one\n  two"\n',
  'keep chomping': 'a: |+\n  x\n\n',
  'indentation indicators': 'a: |2\n   x\n',
  'document end markers': 'a: 1\n...\n',
  directives: '%YAML 1.2\n---\na: 1\n',
  'duplicate keys': 'a: 1\na: 2\n',
  'numerically equal keys': '1: a\n"1": b\n',
  tabs: 'a:\n\tb: 1\n',
  'tabs inside a block scalar': 'a: |\n  \tx\n',
  'CRLF line ends': 'a: 1\r\nb: 2\r\n',
  'nested flow collections': 'a: [[1], {b: 2}]\n',
  'multi-line flow collections': 'a: [1,\n  2]\n',
  'complex keys': '? a\n: b\n',
  'an unclosed flow sequence': 'key: [unclosed\n',
  'a mapping inside a plain value': 'a: b: c\n',
  'the __proto__ key': '__proto__: 1\n',
  'duplicate keys in a flow mapping': 'a: {b: 1, b: 2}\n',
  'a scalar document': 'just text\n',
  'YAML-only escapes': 'a: "\\x41"\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'content after a marker': '--- a: 1\n',
  'a trailing comma in a flow sequence': 'a: [1, 2,]\n',
  'a blank line longer than a block scalar\'s indent': 'a: |\n  x\n     \n  y\n',
};

for (const [name, text] of Object.entries(READ)) {
  test(`reads ${name} as js-yaml does`, () => {
    assert.equal(agrees(text, name), 'read');
  });
}

for (const [name, text] of Object.entries(DECLINED)) {
  test(`declines ${name}, leaving them to js-yaml`, () => {
    assert.equal(readBlockYaml(text), null);
  });
}

const INSERTS = [' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', '\n', '\n  ', '&a ', '*a', '!', '?', '~', '0', '.5', '---\n', '%'];

test('mutated manifests are read exactly as js-yaml reads them, or declined', async () => {
  // Seeded, so the mutations are the same on every run.
  const rnd = random(20261126);
  const sources = (await discover(REPO, ['base', 'overlays', 'clusters', 'config'], [])).filter((f) => f.kind === 'yaml').map((f) => f.text);
  let read = 0;
  for (let n = 0; n < 3000; n++) {
    const text = sources[Math.floor(rnd() * sources.length)]!;
    let mutated = text;
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const at = Math.floor(rnd() * mutated.length);
      mutated = rnd() < 0.5 ? mutated.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)]! + mutated.slice(at) : mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(rnd() * 3));
    }
    if (agrees(mutated, `mutant ${n}`) === 'read') read++;
  }
  // Most mutants are still within the subset, so the comparison covers a great many of them.
  assert.ok(read > 1000, `only ${read} of 3000 mutants were read`);
});

/** Every path to a key or list item of a document (and one that is missing at each level), as findings use them. */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  if (Array.isArray(value)) {
    out.push([...prefix, value.length]);
    value.forEach((item, i) => {
      out.push([...prefix, i]);
      pathsOf(item, [...prefix, i], out);
      const name = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>).name : undefined;
      if (name !== undefined && (typeof name !== 'object' || name === null)) out.push([...prefix, { name: String(name) }]);
    });
  } else if (value && typeof value === 'object') {
    out.push([...prefix, 'no-such-key']);
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

/** Where scripts/validate/locate.ts puts a path through the `yaml` package's nodes. */
function yamlPlace(doc: Document, lines: LineCounter, start: { line: number; column: number }, path: FieldPath): string {
  const walk = walkPath(doc.contents as Node | null, path);
  if (walk.depth === 0 || !walk.at?.range) return `${start.line}:${start.column} depth 0`;
  const pos = lines.linePos(walk.at.range[0]);
  return `${pos.line}:${pos.col} depth ${walk.depth}`;
}

/** Asserts that every path the block reader places is placed where the `yaml` package places it; returns how many it placed of how many. */
function placesAgree(text: string, label: string): [number, number] {
  const read = readBlockYamlPositions(text);
  if (!read) return [0, 0];
  assert.deepStrictEqual(read.values, readBlockYaml(text)?.values, `${label}: the positioned reading differs from the plain one`);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines }) as Document[];
  let placed = 0;
  let asked = 0;
  read.values.forEach((value, d) => {
    for (const path of pathsOf(value)) {
      asked++;
      const mine = locateInBlock(value, read.positions, path);
      if (!mine) continue;
      placed++;
      const start: { line: number; column: number } = read.starts[d]!;
      const at = mine.depth === 0 || !mine.at ? `${start.line}:${start.column} depth 0` : `${mine.at.line}:${mine.at.column} depth ${mine.depth}`;
      assert.equal(at, yamlPlace(docs[d]!, lines, start, path), `${label}: document ${d}, path ${JSON.stringify(path)}`);
    }
  });
  return [placed, asked];
}

test('the block reader places keys and list items where the yaml package does, in every repository file', async () => {
  const files = (await discover(REPO, [], [])).filter((f) => f.kind === 'yaml');
  let placed = 0;
  let asked = 0;
  for (const f of files) {
    const [p, a] = placesAgree(f.text, f.path);
    placed += p;
    asked += a;
  }
  // Only paths into flow collections and empty list items are left to the yaml package.
  assert.ok(asked > 5_000 && placed / asked > 0.95, `placed ${placed} of ${asked} paths`);
});

test('the block reader places keys and list items where the yaml package does, in mutated manifests', async () => {
  const rnd = random(20261127);
  const sources = (await discover(REPO, ['base', 'overlays', 'config'], [])).filter((f) => f.kind === 'yaml').map((f) => f.text);
  let placed = 0;
  for (let n = 0; n < 600; n++) {
    let mutated = sources[Math.floor(rnd() * sources.length)]!;
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const at = Math.floor(rnd() * mutated.length);
      mutated = rnd() < 0.5 ? mutated.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)]! + mutated.slice(at) : mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(rnd() * 3));
    }
    placed += placesAgree(mutated, `mutant ${n}`)[0];
  }
  assert.ok(placed > 10_000, `placed only ${placed} paths`);
});

test('a path into a flow collection is left to the yaml package', () => {
  const read = readBlockYamlPositions('drop: [ALL]\nlabels: {app: x}\n')!;
  assert.equal(locateInBlock(read.values[0], read.positions, ['drop', 0]), null);
  assert.equal(locateInBlock(read.values[0], read.positions, ['labels', 'app']), null);
  assert.deepEqual(locateInBlock(read.values[0], read.positions, ['labels']), { at: { line: 2, column: 1 }, depth: 1 });
});
