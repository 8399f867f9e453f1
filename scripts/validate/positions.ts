// Where each value of a document is written, from the reader's event stream (parse.ts): a tree of
// offsets beside the value tree, so a finding about `spec.replica` points at that key's line and
// column rather than at the top of the object.
import { EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { FieldPath } from './paths.ts';

export type { FieldPath, PathSegment } from './paths.ts';

export interface Located {
  line: number;
  column: number;
  /** How many leading segments of the path were found; equal to the path length when exact. */
  depth: number;
}

/** Offsets of line starts, for turning the reader's offsets into lines and columns. */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}

/** Where a node event's text starts: its tag or anchor if written, else its content. */
export function eventStart(e: Event): number {
  if (e.type === EVENT_ID.DOCUMENT || e.type === EVENT_ID.POP) return -1;
  if (e.type === EVENT_ID.ALIAS) return e.anchorStart - 1;
  if (e.tagStart !== -1) return e.tagStart;
  if (e.anchorStart !== -1) return e.anchorStart - 1;
  if (e.type !== EVENT_ID.SCALAR) return e.start;
  // A quoted scalar's value starts after its quote; the node starts at the quote.
  return e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED ? e.valueStart - 1 : e.valueStart;
}

/** A node's offset and, for collections, its children's. */
type Placed =
  | { start: number; kind: 'leaf' }
  | { start: number; kind: 'seq'; items: Placed[] }
  | { start: number; kind: 'map'; entries: Map<string, { key: number; value: Placed }> };

export interface PositionIndex {
  /** Where `path` is written in document `doc` (whose value is `value`), as deep as it goes. */
  locate(doc: number, value: unknown, path: FieldPath): Located;
}

/**
 * What placing needs of the reader's events, in typed arrays: the parse step keeps one per file (a few
 * bytes per node, nothing for the garbage collector to walk), so that placing a finding never reads
 * the file again. Keeping the events themselves cost the clean corpus a quarter more CPU in GC;
 * reading the file again cost the finding-heavy corpus most of a second parse.
 */
export interface EventTable {
  readonly type: Uint8Array;
  /** eventStart() of each event. */
  readonly start: Int32Array;
  /** The fields getScalarValue reads, for scalar events (mapping keys are read from them). */
  readonly valueStart: Int32Array;
  readonly valueEnd: Int32Array;
  readonly style: Uint8Array;
  readonly chomping: Uint8Array;
  readonly indent: Int32Array;
  readonly fast: Uint8Array;
}

export function eventTable(events: Event[]): EventTable {
  const n = events.length;
  const t: EventTable = {
    type: new Uint8Array(n),
    start: new Int32Array(n),
    valueStart: new Int32Array(n),
    valueEnd: new Int32Array(n),
    style: new Uint8Array(n),
    chomping: new Uint8Array(n),
    indent: new Int32Array(n),
    fast: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    t.type[i] = e.type;
    t.start[i] = eventStart(e);
    if (e.type === EVENT_ID.SCALAR) {
      t.valueStart[i] = e.valueStart;
      t.valueEnd[i] = e.valueEnd;
      t.style[i] = e.style;
      t.chomping[i] = e.chomping;
      t.indent[i] = e.indent;
      t.fast[i] = e.fast ? 1 : 0;
    }
  }
  return t;
}

/** The scalar event at `i`, as getScalarValue reads it. */
function scalarAt(t: EventTable, i: number): ScalarEvent {
  return {
    type: EVENT_ID.SCALAR,
    valueStart: t.valueStart[i]!,
    valueEnd: t.valueEnd[i]!,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style: t.style[i]! as ScalarEvent['style'],
    chomping: t.chomping[i]! as ScalarEvent['chomping'],
    indent: t.indent[i]!,
    fast: t.fast[i] === 1,
  };
}

/** The documents' offset trees, built from the events in one pass. */
function placeAll(text: string, t: EventTable): Placed[] {
  const docs: Placed[] = [];
  const n = t.type.length;
  let i = 0;
  const node = (): Placed => {
    const type = t.type[i]!;
    const start = t.start[i]!;
    i++;
    if (type === EVENT_ID.SEQUENCE) {
      const items: Placed[] = [];
      while (t.type[i] !== EVENT_ID.POP) items.push(node());
      i++;
      return { start, kind: 'seq', items };
    }
    if (type === EVENT_ID.MAPPING) {
      const entries = new Map<string, { key: number; value: Placed }>();
      while (t.type[i] !== EVENT_ID.POP) {
        const keyAt = i;
        const key = node();
        const value = node();
        // A key that is a collection or an alias has no text to match a path segment with.
        if (t.type[keyAt] === EVENT_ID.SCALAR) entries.set(getScalarValue(text, scalarAt(t, keyAt)), { key: key.start, value });
      }
      i++;
      return { start, kind: 'map', entries };
    }
    return { start, kind: 'leaf' };
  };
  while (i < n) {
    if (t.type[i] === EVENT_ID.DOCUMENT) {
      i++;
      docs.push(node());
      i++; // the document's POP
    } else i++;
  }
  return docs;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function positionIndex(text: string, events: Event[] | EventTable): PositionIndex {
  const docs = placeAll(text, Array.isArray(events) ? eventTable(events) : events);
  const lines = new LineStarts(text);
  return {
    locate(doc, value, path) {
      let placed = docs[doc];
      let cur = value;
      let at = -1;
      let depth = 0;
      for (const seg of path) {
        if (!placed) break;
        let next: Placed | undefined;
        let written = -1;
        if (typeof seg === 'object') {
          const i = Array.isArray(cur) ? cur.findIndex((item: unknown) => isRecord(item) && item.name === seg.name) : -1;
          next = placed.kind === 'seq' && i >= 0 ? placed.items[i] : undefined;
          cur = i >= 0 ? (cur as unknown[])[i] : undefined;
          written = next?.start ?? -1;
        } else if (placed.kind === 'seq' && typeof seg === 'number') {
          next = placed.items[seg];
          cur = Array.isArray(cur) ? cur[seg] : undefined;
          written = next?.start ?? -1;
        } else if (placed.kind === 'map') {
          const entry = placed.entries.get(String(seg));
          next = entry?.value;
          cur = isRecord(cur) ? cur[String(seg)] : undefined;
          written = entry?.key ?? -1;
        }
        if (!next || written < 0) break;
        at = written;
        placed = next;
        depth++;
      }
      if (at < 0) return { line: 0, column: 0, depth: 0 };
      return { ...lines.at(at), depth };
    },
  };
}
