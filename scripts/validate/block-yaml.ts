// A reader for the block-style YAML that Kubernetes manifests are written in, several times faster
// than a general YAML parser because it only has to understand that subset: nested block mappings
// and sequences, one-line plain and quoted scalars, literal and folded block scalars, comments,
// one-line flow collections of scalars (`drop: ["ALL"]`, `matchLabels: {app: x}`), and `---`
// between documents.
//
// It is a fast path, not a second YAML implementation: whatever it does not understand with
// certainty (anchors, tags, nested or multi-line flow collections, multi-line plain or quoted scalars,
// duplicate keys, tabs, anything malformed, ...) makes it decline, and js-yaml reads the file as
// before. Scalars are resolved by js-yaml's own core-schema tags, so a value read here is the value
// js-yaml would read; test/validate/block-yaml.test.ts holds the two to that on every YAML file in
// the repository, the validate fixtures, the benchmark corpus and a table of edge cases.
import { CORE_SCHEMA, NOT_RESOLVED } from 'js-yaml';

/** Thrown (and caught in readBlockYaml) when the text leaves the subset. */
const DECLINE = Symbol('decline');

const NEWLINE = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const SQUOTE = 39;
const DQUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Characters js-yaml's reader handles in ways this one does not: tabs, CR, BOM, controls, NEL, surrogates, line separators. */
const OUTSIDE_SUBSET = /[\t\r\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFEFF\uFFFE\uFFFF\uD800-\uDFFF\u2028\u2029]/;

type Resolver = { implicitFirstChars: readonly string[] | null; resolve: (source: string, isExplicit: boolean, tagName: string) => unknown; tagName: string };

/** The core schema's implicit scalar resolvers by first character, in schema order, as js-yaml dispatches them. */
const IMPLICIT: Resolver[] = CORE_SCHEMA.tags.filter((t): t is typeof t & Resolver => t.nodeKind === 'scalar' && (t as { implicit?: boolean }).implicit === true);
const ANY_FIRST = IMPLICIT.filter((t) => t.implicitFirstChars === null);
const BY_FIRST = new Map<string, Resolver[]>();
for (const t of IMPLICIT) for (const c of t.implicitFirstChars ?? []) BY_FIRST.set(c, IMPLICIT.filter((u) => u.implicitFirstChars === null || u.implicitFirstChars.includes(c)));

/** A plain scalar's value under the core schema: null, a boolean, a number, or the string itself. */
export function resolvePlain(source: string): unknown {
  const candidates = BY_FIRST.get(source.charAt(0)) ?? ANY_FIRST;
  for (const tag of candidates) {
    const value = tag.resolve(source, false, tag.tagName);
    if (value !== NOT_RESOLVED) return value;
  }
  return source;
}

/** How each ASCII character may start a plain scalar here: 0 freely, 1 never, 2 only when a non-space follows. */
const PLAIN_START = new Uint8Array(128);
// Flow indicators, anchors, aliases, tags, comments, block scalars, quotes, directives, reserved.
for (const c of '&*!%@`,[]{}#|>\'"') PLAIN_START[c.charCodeAt(0)] = 1;
for (const c of '-?:') PLAIN_START[c.charCodeAt(0)] = 2;

/** True when a plain scalar cannot start at `p` (on the line that ends at `end`). */
const notPlainStart = (text: string, p: number, end: number): boolean => {
  const c = text.charCodeAt(p);
  const rule = c < 128 ? PLAIN_START[c] : 0;
  return rule === 1 || (rule === 2 && (p + 1 === end || text.charCodeAt(p + 1) === SPACE));
};

/**
 * A mapping with `entries` keys written has fewer properties when two were equal: js-yaml rejects
 * that (and the slow parser then says where), so the text declines. Counting once per mapping costs
 * far less than a lookup per key. `__proto__` would set the prototype instead, so it declines too.
 */
function checkKeys(map: Record<string, unknown>, entries: number): void {
  if (Object.keys(map).length !== entries) decline();
}

/** Escapes that mean the same in a YAML double-quoted scalar and a JSON string. */
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

export interface BlockRead {
  /** Each document's value, as js-yaml (core schema) reads it. */
  values: unknown[];
  /** Where each document's content starts (1-based); the `---` line for an empty document. */
  starts: Array<{ line: number; column: number }>;
}

/** The documents of `text` and where each starts, or null when the text leaves the subset. */
export function readBlockYaml(text: string): BlockRead | null {
  if (OUTSIDE_SUBSET.test(text)) return null;
  try {
    return new Reader(text, null).documents();
  } catch (e) {
    if (e === DECLINE) return null;
    throw e;
  }
}

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where the parts of block collections are written: for a mapping, each key; for a sequence, each
 * item (null for an item this index does not place: an empty one). Flow collections are not indexed.
 */
export type PositionIndex = WeakMap<object, Map<string, Position> | Array<Position | null>>;

/** A reading of `text` that also says where each key and item is written; null when the text leaves the subset. */
export function readBlockYamlPositions(text: string): (BlockRead & { positions: PositionIndex }) | null {
  if (OUTSIDE_SUBSET.test(text)) return null;
  const positions: PositionIndex = new WeakMap();
  try {
    return { ...new Reader(text, positions).documents(), positions };
  } catch (e) {
    if (e === DECLINE) return null;
    throw e;
  }
}

/** A path into a document: keys, list indexes, and `{ name }` for the list item of that name. */
type PathSegment = string | number | { name: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How far `path` goes into a document read by readBlockYamlPositions, and where its deepest part is
 * written (the key, for a mapping entry; the item, for a list item), as the `yaml` package's nodes
 * would place it (scripts/lib/yaml-locate.ts walkPath); `at` is null when not even the first segment
 * is there. Null when the path reaches a part this index does not place (inside a flow collection,
 * an empty list item): then only the `yaml` package can say.
 */
export function locateInBlock(value: unknown, positions: PositionIndex, path: readonly PathSegment[]): { at: Position | null; depth: number } | null {
  let cur = value;
  let at: Position | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const placed = typeof cur === 'object' && cur !== null ? positions.get(cur) : undefined;
    let index: number | string = -1;
    if (typeof seg === 'object') {
      if (Array.isArray(cur)) index = cur.findIndex((item) => isRecord(item) && Object.hasOwn(item, 'name') && (typeof item.name !== 'object' || item.name === null) && String(item.name) === seg.name);
    } else if (isRecord(cur)) {
      if (Object.hasOwn(cur, String(seg))) index = String(seg);
    } else if (Array.isArray(cur) && typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 && seg < cur.length) index = seg;
    if (index === -1) return { at, depth: i };
    const pos = placed === undefined ? undefined : typeof index === 'string' ? (placed as Map<string, Position>).get(index) : (placed as Array<Position | null>)[index];
    if (!pos) return null;
    at = pos;
    cur = typeof index === 'string' ? (cur as Record<string, unknown>)[index] : (cur as unknown[])[index];
  }
  return { at, depth: path.length };
}

function decline(): never {
  throw DECLINE;
}

/** Index just past the spaces from `from` (a line's end, `\n`, stops it too). */
function skipSpaces(text: string, from: number): number {
  let p = from;
  while (text.charCodeAt(p) === SPACE) p++;
  return p;
}

/** Where text[from, to) ends without its trailing spaces. */
function trimmedEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** text[from, to) without trailing spaces: YAML trims spaces (and tabs) only, not all of Unicode's white space. */
const trimSpaces = (text: string, from: number, to: number): string => text.slice(from, trimmedEnd(text, from, to));

/**
 * Plain scalars read lately, by their text: manifests repeat the same keys and many of the same
 * values (`name`, `containerPort`, `TCP`, `IfNotPresent`), and comparing the text in place costs
 * less than cutting it out, resolving it, and keeping one more copy of it alive. A slot holds the
 * last text that hashed to it; the hash needs no allocation (first and last character, length).
 */
class ScalarCache {
  private readonly sources: Array<string | undefined> = new Array<string | undefined>(4096);
  private readonly values: unknown[] = new Array<unknown>(4096);

  private static slot(first: number, last: number, length: number): number {
    return (first * 31 + last * 7 + length * 131) & 4095;
  }

  /** The value of text[from, to) when it was read lately, else undefined (no plain scalar resolves to undefined). */
  get(text: string, from: number, to: number): unknown {
    const slot = ScalarCache.slot(text.charCodeAt(from), text.charCodeAt(to - 1), to - from);
    const source = this.sources[slot];
    return source !== undefined && source.length === to - from && text.startsWith(source, from) ? this.values[slot] : undefined;
  }

  set(source: string, value: unknown): unknown {
    const slot = ScalarCache.slot(source.charCodeAt(0), source.charCodeAt(source.length - 1), source.length);
    this.sources[slot] = source;
    this.values[slot] = value;
    return value;
  }
}

const KEYS = new ScalarCache();
const VALUES = new ScalarCache();

/** True when nothing but spaces and a comment follows `from` on the line that ends at `end`. */
function restIsEmpty(text: string, from: number, end: number): boolean {
  const p = skipSpaces(text, from);
  if (p >= end) return true;
  if (text.charCodeAt(p) !== HASH) return false;
  // A `#` starts a comment only after white space, or at the start of a line.
  if (p !== from) return true;
  const before = text.charCodeAt(from - 1);
  return from === 0 || before === NEWLINE || before === SPACE;
}

/** A `- ` (or a lone `-`) at `p`, on the line that ends at `end`. */
const isSeqEntry = (text: string, p: number, end: number): boolean =>
  text.charCodeAt(p) === DASH && (p + 1 === end || text.charCodeAt(p + 1) === SPACE);

/** A `---` or `...` line (from `start` to `end`): the end of the document's content. */
const isMarker = (text: string, start: number, end: number): boolean =>
  (text.startsWith('---', start) || text.startsWith('...', start)) && (end - start === 3 || text.charCodeAt(start + 3) === SPACE);

/** Where a comment (` #`) starts in text[from, end), else `end`. */
function commentStart(text: string, from: number, end: number): number {
  for (let p = from + 1; p < end; p++) if (text.charCodeAt(p) === HASH && text.charCodeAt(p - 1) === SPACE) return p - 1;
  return end;
}

/**
 * Reads a text by line offsets, never cutting it into line strings: splitting a tree of manifests
 * into its lines was a quarter of the read. Line `j` runs from starts[j] to ends[j] (its `\n`, or the
 * end of the text); positions are offsets in the text, and indents are columns.
 */
class Reader {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  /** Indentation of each line; -1 for a blank or comment-only line; -2 for a document marker (and past the end). */
  private readonly indent: Int32Array;
  /** The first significant line after the node read last. */
  private next = 0;

  /** `positions`: where to record each key's and item's place, or null to skip that work. */
  constructor(
    private readonly text: string,
    private readonly positions: PositionIndex | null,
  ) {
    let count = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    // js-yaml reads a final line without a newline as if it had one.
    if (text.length > 0 && text.charCodeAt(text.length - 1) !== NEWLINE) count++;
    const starts = new Int32Array(count + 1);
    const ends = new Int32Array(count + 1);
    const indent = new Int32Array(count + 1);
    let from = 0;
    for (let j = 0; j < count; j++) {
      let end = text.indexOf('\n', from);
      if (end < 0) end = text.length;
      starts[j] = from;
      ends[j] = end;
      const p = skipSpaces(text, from);
      if (p === from && isMarker(text, from, end)) indent[j] = -2;
      else indent[j] = p >= end || text.charCodeAt(p) === HASH ? -1 : p - from;
      from = end + 1;
    }
    starts[count] = text.length;
    ends[count] = text.length;
    indent[count] = -2;
    this.starts = starts;
    this.ends = ends;
    this.count = count;
    this.indent = indent;
  }

  /** The first line at or after `from` that is not blank or a comment. */
  private peek(from: number): number {
    let j = from;
    while (this.indent[j] === -1) j++;
    return j;
  }

  documents(): BlockRead {
    const { text, starts, ends, indent } = this;
    const read: BlockRead = { values: [], starts: [] };
    let j = this.peek(0);
    // Content before the first `---` is a document of its own.
    if (indent[j] !== -2) j = this.root(j, read);
    while (j < this.count) {
      // Only `---` (and a comment) between documents: `...`, directives and content after `---` stay with js-yaml.
      if (!text.startsWith('---', starts[j]!) || !restIsEmpty(text, starts[j]! + 3, ends[j]!)) decline();
      const k = this.peek(j + 1);
      if (indent[k] === -2) {
        read.values.push(null);
        read.starts.push({ line: j + 1, column: 1 });
        j = k;
      } else j = this.root(k, read);
    }
    return read;
  }

  /** Reads the document whose root node starts on line `j`; returns the line of the marker (or end) after it. */
  private root(j: number, read: BlockRead): number {
    read.starts.push({ line: j + 1, column: this.indent[j]! + 1 });
    read.values.push(this.node(j, this.indent[j]!));
    if (this.indent[this.next] !== -2) decline();
    return this.next;
  }

  /** A block node whose content starts on line `j` at column `col`. */
  private node(j: number, col: number): unknown {
    const p = this.starts[j]! + col;
    const end = this.ends[j]!;
    if (isSeqEntry(this.text, p, end)) return this.sequence(j, col);
    if (this.keyEnd(p, end) >= 0) return this.mapping(j, col);
    return decline();
  }

  /** A block sequence whose `-` entries are at column `n`, the first on line `j`. */
  private sequence(j: number, n: number): unknown[] {
    const { text, starts, ends, indent } = this;
    const items: unknown[] = [];
    const places: Array<Position | null> | null = this.positions ? [] : null;
    if (places) this.positions!.set(items, places);
    for (;;) {
      const start = starts[j]!;
      const end = ends[j]!;
      const after = start + n + 1;
      const p = skipSpaces(text, after);
      const empty = restIsEmpty(text, after, end);
      if (places) {
        // An item written on the lines below starts where its content does.
        const k = empty ? this.peek(j + 1) : j;
        places.push(!empty ? { line: j + 1, column: p - start + 1 } : indent[k]! > n ? { line: k + 1, column: indent[k]! + 1 } : null);
      }
      if (empty) items.push(this.blockValue(j, n, false));
      else if (isSeqEntry(text, p, end)) items.push(this.sequence(j, p - start));
      else if (this.keyEnd(p, end) >= 0) items.push(this.mapping(j, p - start));
      else items.push(this.scalar(j, p, n));
      const k = this.next;
      if (indent[k] === n && isSeqEntry(text, starts[k]! + n, ends[k]!)) {
        j = k;
        continue;
      }
      if (indent[k]! > n) decline();
      return items;
    }
  }

  /** A block mapping whose keys are at column `n`, the first on line `j`. */
  private mapping(j: number, n: number): Record<string, unknown> {
    const { text, starts, ends, indent } = this;
    const map: Record<string, unknown> = {};
    const places: Map<string, Position> | null = this.positions ? new Map() : null;
    if (places) this.positions!.set(map, places);
    let entries = 0;
    for (;;) {
      const p = starts[j]! + n;
      const end = ends[j]!;
      const colon = this.keyEnd(p, end);
      if (colon < 0) decline();
      const key = this.key(p, colon, end);
      if (key === '__proto__') decline();
      entries++;
      places?.set(key, { line: j + 1, column: n + 1 });
      // A value starts after the colon.
      map[key] = restIsEmpty(text, colon + 1, end) ? this.blockValue(j, n, true) : this.scalar(j, skipSpaces(text, colon + 1), n);
      const k = this.next;
      if (indent[k] === n) {
        j = k;
        continue;
      }
      if (indent[k]! > n) decline();
      checkKeys(map, entries);
      return map;
    }
  }

  /**
   * The value of an entry (at indent `n`, on line `j`) with nothing after its indicator: a block node
   * on the lines below, or null. A mapping's value may be a sequence at the mapping's own indent.
   */
  private blockValue(j: number, n: number, inMapping: boolean): unknown {
    const k = this.peek(j + 1);
    const at = this.indent[k]!;
    if (at > n) return this.node(k, at);
    if (inMapping && at === n && isSeqEntry(this.text, this.starts[k]! + n, this.ends[k]!)) return this.sequence(k, n);
    this.next = k;
    return null;
  }

  /**
   * The position of the colon that ends a mapping key starting at `p` (on the line that ends at
   * `end`), or -1 when the line has no key there. Keys this reader does not take (complex, anchored,
   * flow) decline.
   */
  private keyEnd(p: number, end: number): number {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === SQUOTE || c === DQUOTE) {
      const close = quoteEnd(text, p, end);
      if (close < 0) return -1;
      const q = skipSpaces(text, close + 1);
      return text.charCodeAt(q) === COLON && (q + 1 === end || text.charCodeAt(q + 1) === SPACE) ? q : -1;
    }
    // The first colon followed by a space (or the line's end), unless a comment starts before it.
    for (let q = p; q < end; q++) {
      const d = text.charCodeAt(q);
      if (d === COLON && (q + 1 === end || text.charCodeAt(q + 1) === SPACE)) {
        if (notPlainStart(text, p, end)) decline();
        return q;
      }
      if (d === HASH && q > p && text.charCodeAt(q - 1) === SPACE) return -1;
    }
    return -1;
  }

  private key(p: number, colon: number, end: number): string {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c === SQUOTE || c === DQUOTE) return quoted(text, p, quoteEnd(text, p, end));
    const stop = trimmedEnd(text, p, colon);
    const seen = KEYS.get(text, p, stop);
    if (seen !== undefined) return seen as string;
    const source = text.slice(p, stop);
    // YAML limits implicit keys to 1024 characters; past that, js-yaml says so.
    if (source.length > 1000 || source.includes(': ')) decline();
    return KEYS.set(source, String(resolvePlain(source))) as string;
  }

  /** A scalar (or `{}`/`[]`) value starting at position `p` of line `j`, inside a block at indent `n`. */
  private scalar(j: number, p: number, n: number): unknown {
    const { text } = this;
    const end = this.ends[j]!;
    const c = text.charCodeAt(p);
    this.next = this.peek(j + 1);
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(j, p, n);
    if (c === SQUOTE || c === DQUOTE) {
      const close = quoteEnd(text, p, end);
      if (close < 0 || !restIsEmpty(text, close + 1, end)) decline();
      return quoted(text, p, close);
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const [value, after] = flowCollection(text, p, end);
      if (!restIsEmpty(text, after, end)) decline();
      return value;
    }
    if (notPlainStart(text, p, end)) decline();
    const stop = trimmedEnd(text, p, commentStart(text, p, end));
    const seen = VALUES.get(text, p, stop);
    if (seen !== undefined) return seen;
    const source = text.slice(p, stop);
    // A colon that would start a mapping inside the value is an error js-yaml reports.
    if (source.endsWith(':') || source.includes(': ')) decline();
    return VALUES.set(source, resolvePlain(source));
  }

  /** A literal (`|`) or folded (`>`) block scalar whose header is at position `p` of line `j`. */
  private blockScalar(j: number, p: number, n: number): string {
    const { text, starts, ends } = this;
    const folded = text.charCodeAt(p) === 62;
    let q = p + 1;
    let strip = false;
    if (text.charCodeAt(q) === DASH) {
      strip = true;
      q++;
    }
    // Keep chomping (`+`) and explicit indentation indicators stay with js-yaml.
    if (!restIsEmpty(text, q, ends[j]!)) decline();
    let k = j + 1;
    let indent = -1;
    const body: string[] = [];
    for (; k < this.count; k++) {
      const start = starts[k]!;
      const end = ends[k]!;
      const spaces = skipSpaces(text, start) - start;
      if (start + spaces === end) {
        // A blank line longer than the content's indentation is content (or an error) in YAML.
        if (indent >= 0 ? spaces > indent : false) decline();
        body.push(text.slice(start, end));
        continue;
      }
      if (indent < 0) {
        if (spaces <= n) break;
        indent = spaces;
        for (const blank of body) if (blank.length > indent) decline();
      } else if (spaces < indent) break;
      body.push(text.slice(start, end));
    }
    this.next = this.peek(k);
    return blockValue(body, indent, folded, strip);
  }
}

/** js-yaml's getBlockValue for clip and strip chomping: the value of a block scalar's lines at `indent`. */
function blockValue(lines: string[], indent: number, folded: boolean, strip: boolean): string {
  let result = '';
  let didReadContent = false;
  let emptyLines = 0;
  let atMoreIndented = false;
  for (const line of lines) {
    if (indent < 0 || line.length <= indent) {
      emptyLines++;
      continue;
    }
    const content = line.slice(indent);
    if (folded) {
      if (content.charCodeAt(0) === SPACE) {
        atMoreIndented = true;
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      } else if (atMoreIndented) {
        atMoreIndented = false;
        result += '\n'.repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didReadContent) result += ' ';
      } else result += '\n'.repeat(emptyLines);
    } else result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
    result += content;
    didReadContent = true;
    emptyLines = 0;
  }
  if (!strip && didReadContent) result += '\n';
  return result;
}

/** The position of the quote closing the quoted scalar that opens at `open`, or -1 if it does not close before `end`. */
function quoteEnd(text: string, open: number, end: number): number {
  const q = text.charCodeAt(open);
  for (let p = open + 1; p < end; p++) {
    const c = text.charCodeAt(p);
    if (q === SQUOTE) {
      if (c === SQUOTE) {
        if (text.charCodeAt(p + 1) === SQUOTE) p++;
        else return p;
      }
    } else if (c === 92 /* \ */) p++;
    else if (c === DQUOTE) return p;
  }
  return -1;
}

/** The value of a one-line quoted scalar from `open` to `close` (the quotes' positions). */
function quoted(text: string, open: number, close: number): string {
  const inner = text.slice(open + 1, close);
  if (text.charCodeAt(open) === SQUOTE) return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  if (!inner.includes('\\')) return inner;
  // YAML has more escapes than JSON (\x, \e, \N, ...); those stay with js-yaml.
  if (inner.replace(JSON_ESCAPE, '').includes('\\')) decline();
  return JSON.parse(`"${inner}"`) as string;
}

const isFlowIndicator = (c: number): boolean => c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;

/**
 * A one-line flow sequence or mapping of scalars opening at `p` (on the line that ends at `end`):
 * its value and the position after its closing bracket. Nesting, empty or trailing entries, and
 * single-pair mappings inside a sequence decline.
 */
function flowCollection(text: string, p: number, end: number): [unknown, number] {
  const mapping = text.charCodeAt(p) === OPEN_BRACE;
  const close = mapping ? CLOSE_BRACE : CLOSE_BRACKET;
  const items: unknown[] = [];
  const map: Record<string, unknown> = {};
  let entries = 0;
  let q = skipSpaces(text, p + 1);
  if (text.charCodeAt(q) === close) return [mapping ? map : items, q + 1];
  for (;;) {
    if (mapping) {
      const [key, colon, keyEnd] = flowScalar(text, q, end);
      if (!colon || text.charCodeAt(keyEnd + 1) !== SPACE) decline();
      const name = String(key);
      if (name === '__proto__') decline();
      entries++;
      const [value, valueColon, valueEnd] = flowScalar(text, skipSpaces(text, keyEnd + 1), end);
      if (valueColon) decline();
      map[name] = value;
      q = skipSpaces(text, valueEnd);
    } else {
      const [value, colon, after] = flowScalar(text, q, end);
      if (colon) decline();
      items.push(value);
      q = skipSpaces(text, after);
    }
    const c = text.charCodeAt(q);
    if (c === close) {
      if (mapping) checkKeys(map, entries);
      return [mapping ? map : items, q + 1];
    }
    if (c !== COMMA) decline();
    q = skipSpaces(text, q + 1);
    if (text.charCodeAt(q) === close) decline();
  }
}

/**
 * A scalar inside a flow collection, starting at `q`: its value, whether a `:` indicator ends it,
 * and the position where it ends (the colon's, when there is one).
 */
function flowScalar(text: string, q: number, end: number): [unknown, boolean, number] {
  const c = text.charCodeAt(q);
  if (c === SQUOTE || c === DQUOTE) {
    const close = quoteEnd(text, q, end);
    if (close < 0) decline();
    const after = skipSpaces(text, close + 1);
    const colon = text.charCodeAt(after) === COLON;
    return [quoted(text, q, close), colon, colon ? after : close + 1];
  }
  if (notPlainStart(text, q, end)) decline();
  let r = q;
  for (; r < end; r++) {
    const d = text.charCodeAt(r);
    if (isFlowIndicator(d)) break;
    if (d === HASH && text.charCodeAt(r - 1) === SPACE) decline();
    if (d === COLON) {
      const e = text.charCodeAt(r + 1);
      if (r + 1 === end || e === SPACE || isFlowIndicator(e)) return [resolvePlain(trimSpaces(text, q, r)), true, r];
    }
  }
  const source = trimSpaces(text, q, r);
  if (source === '') decline();
  return [resolvePlain(source), false, r];
}
