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

/** The index of the event after the node that starts at event `i` (a collection ends at its POP). */
function after(t: EventTable, i: number): number {
  let depth = 0;
  do {
    const type = t.type[i]!;
    if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++;
    else if (type === EVENT_ID.POP) depth--;
    i++;
  } while (depth > 0 && i < t.type.length);
  return i;
}

/** The event index of each document's node. */
function documentNodes(t: EventTable): number[] {
  const docs: number[] = [];
  let i = 0;
  while (i < t.type.length) {
    if (t.type[i] === EVENT_ID.DOCUMENT) {
      docs.push(i + 1);
      i = after(t, i + 1) + 1; // past the document's POP
    } else i++;
  }
  return docs;
}

/** The `n`th item of the sequence whose event is `seq`, or -1. */
function itemAt(t: EventTable, seq: number, n: number): number {
  let i = seq + 1;
  for (let k = 0; k < n && t.type[i] !== EVENT_ID.POP; k++) i = after(t, i);
  return t.type[i] === EVENT_ID.POP ? -1 : i;
}

/** The key and value events of `key` in the mapping whose event is `map` (the last, as the values have it), or null. */
function entryAt(text: string, t: EventTable, map: number, key: string): { key: number; value: number } | null {
  let found: { key: number; value: number } | null = null;
  let i = map + 1;
  while (i < t.type.length && t.type[i] !== EVENT_ID.POP) {
    const value = after(t, i);
    // A key that is a collection or an alias has no text to match a path segment with.
    if (t.type[i] === EVENT_ID.SCALAR && getScalarValue(text, scalarAt(t, i)) === key) found = { key: i, value };
    i = after(t, value);
  }
  return found;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Where paths are written, found by walking the events from the document's node and skipping the
 * subtrees the path does not enter: nothing is built per file (an offset tree of every node cost
 * the finding-heavy corpus a third more time, most of it in the garbage collector).
 */
export function positionIndex(text: string, events: Event[] | EventTable): PositionIndex {
  const t = Array.isArray(events) ? eventTable(events) : events;
  let docs: number[] | undefined;
  let lines: LineStarts | undefined;
  return {
    locate(doc, value, path) {
      docs ??= documentNodes(t);
      let node = docs[doc] ?? -1;
      let cur = value;
      let at = -1;
      let depth = 0;
      for (const seg of path) {
        if (node < 0) break;
        const type = t.type[node];
        let next = -1;
        let written = -1;
        if (typeof seg === 'object') {
          const i = Array.isArray(cur) ? cur.findIndex((item: unknown) => isRecord(item) && item.name === seg.name) : -1;
          next = type === EVENT_ID.SEQUENCE && i >= 0 ? itemAt(t, node, i) : -1;
          cur = i >= 0 ? (cur as unknown[])[i] : undefined;
          written = next >= 0 ? t.start[next]! : -1;
        } else if (type === EVENT_ID.SEQUENCE && typeof seg === 'number') {
          next = itemAt(t, node, seg);
          cur = Array.isArray(cur) ? cur[seg] : undefined;
          written = next >= 0 ? t.start[next]! : -1;
        } else if (type === EVENT_ID.MAPPING) {
          const entry = entryAt(text, t, node, String(seg));
          next = entry?.value ?? -1;
          cur = isRecord(cur) ? cur[String(seg)] : undefined;
          written = entry ? t.start[entry.key]! : -1;
        }
        if (next < 0 || written < 0) break;
        at = written;
        node = next;
        depth++;
      }
      if (at < 0) return { line: 0, column: 0, depth: 0 };
      lines ??= new LineStarts(text);
      return { ...lines.at(at), depth };
    },
  };
}
