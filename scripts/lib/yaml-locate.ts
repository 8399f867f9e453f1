// Paths into documents, and where they are written: one walk over the `yaml` node tree serves the
// schema checks (which know only a JSON path), the rendered-object locator and the cross-checks.
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

/** A segment of a path into a document: a map key, a list index, or the list item whose `name` is given. */
export type PathSegment = string | number | { name: string };
export type FieldPath = readonly PathSegment[];

/** Splits a JSON pointer (`/spec/template/0`, as ajv reports it) into segments; array indices become numbers. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The plain-data value at `path`, or undefined. A number indexes a list (or a map key of that
 * number: JSON pointers do not say which); a `{ name }` segment picks the list item of that name.
 */
export function valueAtPath(value: unknown, path: FieldPath): unknown {
  let cur = value;
  for (const seg of path) {
    if (typeof seg === 'object') cur = Array.isArray(cur) ? cur.find((item: unknown) => isRecord(item) && item.name === seg.name) : undefined;
    else if (Array.isArray(cur)) cur = typeof seg === 'number' ? cur[seg] : undefined;
    else cur = isRecord(cur) ? cur[String(seg)] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

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
 * Walks a YAML node along a path as far as the document goes. Every "where is this field written"
 * question of the toolchain (schema errors, rendered objects, cross-checks) is answered by this walk,
 * or, for block-YAML documents, by block-yaml.ts locateInBlock, which is held to the same answers.
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
      if (isSeq(cur))
        next = cur.items.find((item) => isMap(item) && item.items.some((p) => keyText(p.key) === 'name' && isScalar(p.value) && String(p.value.value) === seg.name));
    } else if (isMap(cur)) {
      const pair = cur.items.find((p) => keyText(p.key) === String(seg));
      if (pair) {
        next = pair.value ?? undefined;
        keyNode = hasRange(pair.key) ? pair.key : undefined;
      }
    } else if (isSeq(cur) && typeof seg === 'number') {
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
