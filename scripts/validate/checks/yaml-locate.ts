// Where a path is written in a document read with the `yaml` package, for the checks of files the
// pipeline does not parse (compose files, Prometheus configs), which read them with merge keys.
import type { Document, LineCounter, Node } from 'yaml';
import { yaml } from '../lazy.ts';
import type { FieldPath } from '../paths.ts';

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
  const lines = new (yaml().LineCounter)();
  // merge: compose files (and others) use `<<: *anchor`; the checks see the merged values.
  const doc = yaml().parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false });
  return { doc, lines };
}

export { pointerToPath, valueAtPath, type FieldPath, type PathSegment } from '../paths.ts';

const keyText = (key: unknown): string => (yaml().isScalar(key) ? String(key.value) : String(key));

const hasRange = (n: unknown): n is Node => typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as Node).range);

export interface PathWalk {
  /** The deepest segment reached: its map key, or its list item (the line a reader looks for); the root if none. */
  at: Node | undefined;
  /** The node at the whole path, when it was reached. */
  value: Node | undefined;
  /** The deepest value node reached along the path; the root if none. */
  deepest: Node | undefined;
  /** How many leading segments were found. */
  depth: number;
  complete: boolean;
}

/**
 * Walks a YAML node along a path as far as the document goes.
 */
export function walkPath(root: Node | null | undefined, path: FieldPath): PathWalk {
  let cur: unknown = root ?? undefined;
  let at: Node | undefined = root ?? undefined;
  let deepest: Node | undefined = root ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    let next: unknown;
    let keyNode: Node | undefined;
    if (typeof seg === 'object') {
      if (yaml().isSeq(cur))
        next = cur.items.find((item) => yaml().isMap(item) && item.items.some((p) => keyText(p.key) === 'name' && yaml().isScalar(p.value) && String(p.value.value) === seg.name));
    } else if (yaml().isMap(cur)) {
      const pair = cur.items.find((p) => keyText(p.key) === String(seg));
      if (pair) {
        next = pair.value ?? undefined;
        keyNode = hasRange(pair.key) ? pair.key : undefined;
      }
    } else if (yaml().isSeq(cur) && typeof seg === 'number') {
      next = cur.items[seg];
    }
    const reached = keyNode ?? (hasRange(next) ? next : undefined);
    if (!reached) return { at, value: undefined, deepest, depth: i, complete: false };
    at = reached;
    if (hasRange(next)) deepest = next;
    cur = next;
  }
  return { at, value: hasRange(cur) ? cur : undefined, deepest, depth: path.length, complete: true };
}

/** The node at `path`, or the deepest ancestor that exists; `key` asks for the map key of the last segment. */
export function nodeAt(doc: Document, path: FieldPath, key = false): Node | null {
  const walk = walkPath(doc.contents as Node | null, path);
  if (key && walk.complete && walk.at && walk.at !== walk.value) return walk.at;
  return walk.deepest ?? null;
}

export function positionOf(located: LocatedYaml, node: Node | null): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = located.lines.linePos(offset);
  return { line, column: col };
}

export function locate(located: LocatedYaml, path: FieldPath, key = false): Position {
  return positionOf(located, nodeAt(located.doc, path, key));
}
