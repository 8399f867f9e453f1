// Where each value of a document is written, from the reader's event stream (parse.ts): a tree of
// offsets beside the value tree, so a finding about `spec.replica` points at that key's line and
// column rather than at the top of the object.
import { EVENT_ID, getScalarValue, SCALAR_STYLE, type Event } from 'js-yaml';
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

/** The documents' offset trees, built from the events in one pass. */
function placeAll(text: string, events: Event[]): Placed[] {
  const docs: Placed[] = [];
  let i = 0;
  const node = (): Placed => {
    const e = events[i++]!;
    const start = eventStart(e);
    if (e.type === EVENT_ID.SEQUENCE) {
      const items: Placed[] = [];
      while (events[i]!.type !== EVENT_ID.POP) items.push(node());
      i++;
      return { start, kind: 'seq', items };
    }
    if (e.type === EVENT_ID.MAPPING) {
      const entries = new Map<string, { key: number; value: Placed }>();
      while (events[i]!.type !== EVENT_ID.POP) {
        const keyEvent = events[i]!;
        const key = node();
        const value = node();
        // A key that is a collection or an alias has no text to match a path segment with.
        if (keyEvent.type === EVENT_ID.SCALAR) entries.set(getScalarValue(text, keyEvent), { key: key.start, value });
      }
      i++;
      return { start, kind: 'map', entries };
    }
    return { start, kind: 'leaf' };
  };
  while (i < events.length) {
    if (events[i]!.type === EVENT_ID.DOCUMENT) {
      i++;
      docs.push(node());
      i++; // the document's POP
    } else i++;
  }
  return docs;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function positionIndex(text: string, events: Event[]): PositionIndex {
  const docs = placeAll(text, events);
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
