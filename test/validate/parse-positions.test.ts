// Findings are placed from the reader's own events (scripts/validate/positions.ts). The `yaml`
// package, an independent reader that keeps positions, is the reference here: every key and list
// item of every fixture is placed where it puts them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { walkPath } from '../../scripts/validate/checks/yaml-locate.ts';
import { discover } from '../../scripts/validate/discover.ts';
import { parseFile } from '../../scripts/validate/parse.ts';
import type { PathSegment } from '../../scripts/validate/paths.ts';
import type { SourceFile } from '../../scripts/validate/types.ts';
import { FIXTURES } from './helpers.ts';

// Streams whose document boundaries and positions are easy to get wrong.
const STREAMS: Record<string, string> = {
  'content on the marker line': '--- {a: 1}\n...\n---\nb: 1\n--- |\n  text\n',
  'comments between documents': '# header\napiVersion: v1\nkind: ConfigMap\n# trailing\n---\n# leading\nkind: Service\nspec:\n  ports:\n    - port: 80\n',
  'anchors and aliases': 'base: &b {x: 1}\nuse: *b\n---\nother: &o [1, 2]\nagain: *o\n',
  'windows line endings': 'a: 1\r\nb:\r\n  c: 2\r\n---\r\nd: [1, 2]\r\n',
  'an empty document': 'a: 1\n---\n---\nb: 2\n',
  'tags and quoted keys': "a: !!str 1\n'b c': {d: [x, {e: f}]}\n\"g\": |\n  text\n",
};

const source = (path: string, text: string): SourceFile => ({ path, absPath: `/${path}`, kind: 'yaml', text });

/** Every path to a map key or list item in `value`. */
function paths(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

test("every key and list item is placed where the yaml package places it", async () => {
  const files = [...(await discover(FIXTURES, [], [])).filter((f) => f.kind === 'yaml'), ...Object.entries(STREAMS).map(([name, text]) => source(`${name}.yaml`, text))];
  let checked = 0;
  for (const file of files) {
    const parsed = parseFile(file).parsed;
    if (!parsed.ok) continue;
    const lines = new LineCounter();
    const reference = parseAllDocuments(file.text, { lineCounter: lines }) as Document[];
    for (const [i, doc] of parsed.docs.entries()) {
      for (const path of paths(doc.value)) {
        const walk = walkPath(reference[i]!.contents as Node, path);
        if (!walk.complete || !walk.at?.range) continue;
        const expected = lines.linePos(walk.at.range[0]);
        const got = doc.locate(path);
        assert.deepEqual([got.line, got.column, got.depth], [expected.line, expected.col, path.length], `${file.path} document ${i + 1} ${JSON.stringify(path)}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} positions checked`);
});

test('a path that leaves the document is placed at its deepest written segment', () => {
  const doc = parseFile(source('d.yaml', 'spec:\n  template:\n    spec: {}\n')).parsed.docs[0]!;
  assert.deepEqual(doc.locate(['spec', 'template', 'spec', 'containers', 0]), { line: 3, column: 5, depth: 3 });
  assert.deepEqual(doc.locate(['status']), { line: 1, column: 1, depth: 0 });
});
