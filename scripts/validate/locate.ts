// Finds where a value sits in a parsed YAML/JSON document, so a finding about `spec.replica`
// points at that key's line and column rather than at the top of the object.
import { isMap, isSeq, type LineCounter, type Node } from 'yaml';
import { keyOf, type ParsedDoc } from './parse.ts';

export type FieldPath = ReadonlyArray<string | number>;

export interface Located {
  line: number;
  column: number;
  /** How many leading segments of the path were found; equal to the path length when exact. */
  depth: number;
}

/** The deepest position along `path` that exists in the document (the key, for a mapping entry). */
export function locate(doc: ParsedDoc, lineCounter: LineCounter, path: FieldPath): Located {
  let node: unknown = doc.node.contents;
  let best: Located = { line: doc.line, column: doc.column, depth: 0 };
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    let next: unknown;
    let at: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === String(seg));
      if (pair) {
        next = pair.value;
        at = pair.key as Node;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
      at = (next as Node | undefined) ?? null;
    }
    if (!at?.range) break;
    const pos = lineCounter.linePos(at.range[0]);
    best = { line: pos.line, column: pos.col, depth: i + 1 };
    node = next;
  }
  return best;
}

/** Splits a JSON pointer (`/spec/template/0`) into segments; array indices become numbers. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `spec.template.spec.containers[0].image`, the way kubectl explains fields. */
export function pathToString(path: FieldPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
