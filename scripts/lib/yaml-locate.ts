// Finds where a value sits in a YAML source, so schema errors (which know only a JSON path)
// can be reported at a line and column.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML document that remembers line starts, for turning offsets into positions. */
export interface LocatedYaml {
  doc: Document;
  lines: LineCounter;
}

export function parseLocated(text: string): LocatedYaml {
  const lines = new LineCounter();
  // merge: compose files (and others) use `<<: *anchor`; the checks see the merged values.
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  return { doc, lines };
}

/** JSON-pointer segments (`/a/b~1c/0`) as a path. */
export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The node at `path`, or the deepest ancestor that exists; `key` asks for the map key of the last segment. */
export function nodeAt(doc: Document, path: readonly (string | number)[], key = false): Node | null {
  let node: unknown = doc.contents;
  let found: Node | null = (doc.contents as Node | null) ?? null;
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === seg);
      if (!pair) return found;
      if (last && key && pair.key && typeof pair.key === 'object') return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(seg)];
    } else return found;
    if (node && typeof node === 'object' && 'range' in node) found = node as Node;
    else return found;
  }
  return found;
}

export function positionOf(located: LocatedYaml, node: Node | null): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = located.lines.linePos(offset);
  return { line, column: col };
}

export function locate(located: LocatedYaml, path: readonly (string | number)[], key = false): Position {
  return positionOf(located, nodeAt(located.doc, path, key));
}
