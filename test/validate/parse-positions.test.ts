import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNode, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { discover } from '../../scripts/validate/discover.ts';
import { countLines, parseFile } from '../../scripts/validate/parse.ts';
import type { SourceFile } from '../../scripts/validate/types.ts';
import { FIXTURES } from './helpers.ts';

// Streams whose document boundaries are easy to get wrong.
const STREAMS: Record<string, string> = {
  'content on the marker line': '--- {a: 1}\n...\n---\nb: 1\n--- |\n  text\n',
  'comments between documents': '# header\napiVersion: v1\nkind: ConfigMap\n# trailing\n---\n# leading\nkind: Service\nspec:\n  ports:\n    - port: 80\n',
  'anchors and aliases': 'base: &b {x: 1}\nuse: *b\n---\nother: &o [1, 2]\nagain: *o\n',
  'windows line endings': 'a: 1\r\nb:\r\n  c: 2\r\n---\r\nd: [1, 2]\r\n',
  'an empty document': 'a: 1\n---\n---\nb: 2\n',
};

const source = (path: string, text: string): SourceFile => ({ path, absPath: `/${path}`, kind: 'yaml', text });

/** Every node's start, as line:column, in document order. */
function starts(doc: Document, lines: LineCounter): string[] {
  const out: string[] = [];
  visit(doc, (_key, node) => {
    if (isNode(node) && node.range) {
      const p = lines.linePos(node.range[0]);
      out.push(`${p.line}:${p.col}`);
    }
  });
  return out;
}

async function samples(): Promise<SourceFile[]> {
  const fixtures = (await discover(FIXTURES, [], [])).filter((f) => f.kind === 'yaml');
  return [...fixtures, ...Object.entries(STREAMS).map(([name, text]) => source(`${name}.yaml`, text))];
}

test('lines are counted as the yaml parser counts them', async () => {
  for (const file of await samples()) {
    const lines = new LineCounter();
    parseAllDocuments(file.text, { lineCounter: lines });
    assert.deepEqual(countLines(file.text).lineStarts, lines.lineStarts, file.path);
  }
});

test('a document parsed alone for positions puts every node where the whole-file parse does', async () => {
  let checked = 0;
  for (const file of await samples()) {
    const parsed = parseFile(file).parsed;
    if (!parsed.ok) continue;
    const lines = new LineCounter();
    const whole = parseAllDocuments(file.text, { lineCounter: lines, uniqueKeys: true }) as Document[];
    // Asked in reverse, so no document is parsed as a side effect of an earlier one.
    for (const [i, doc] of [...parsed.docs.entries()].reverse()) {
      assert.deepEqual(starts(doc.node, parsed.lineCounter), starts(whole[i]!, lines), `${file.path} document ${i + 1}`);
      checked++;
    }
  }
  assert.ok(checked > 20, `only ${checked} documents checked`);
});
