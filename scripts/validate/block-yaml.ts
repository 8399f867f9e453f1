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

/** True when a plain scalar cannot start at `p`. */
const notPlainStart = (line: string, p: number): boolean => {
  const c = line.charCodeAt(p);
  const rule = c < 128 ? PLAIN_START[c] : 0;
  return rule === 1 || (rule === 2 && (p + 1 === line.length || line.charCodeAt(p + 1) === SPACE));
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
    return new Reader(text).documents();
  } catch (e) {
    if (e === DECLINE) return null;
    throw e;
  }
}

function decline(): never {
  throw DECLINE;
}

/** Index just past the spaces from `from`. */
function skipSpaces(line: string, from: number): number {
  let p = from;
  while (line.charCodeAt(p) === SPACE) p++;
  return p;
}

/** line[from, to) without trailing spaces: YAML trims spaces (and tabs) only, not all of Unicode's white space. */
function trimSpaces(line: string, from: number, to: number): string {
  let end = to;
  while (end > from && line.charCodeAt(end - 1) === SPACE) end--;
  return line.slice(from, end);
}

/** True when nothing but spaces and a comment follows `from`. */
function restIsEmpty(line: string, from: number): boolean {
  const p = skipSpaces(line, from);
  return p >= line.length || (line.charCodeAt(p) === HASH && (p === from ? from === 0 || line.charCodeAt(from - 1) === SPACE : true));
}

const isSeqEntry = (line: string, col: number): boolean =>
  line.charCodeAt(col) === DASH && (col + 1 === line.length || line.charCodeAt(col + 1) === SPACE);

/** A `---` or `...` line: the end of the document's content. */
const isMarker = (line: string): boolean =>
  (line.startsWith('---') || line.startsWith('...')) && (line.length === 3 || line.charCodeAt(3) === SPACE);

class Reader {
  private readonly lines: string[];
  /** Indentation of each line; -1 for a blank or comment-only line; -2 for a document marker (and past the end). */
  private readonly indent: Int32Array;
  /** The first significant line after the node read last. */
  private next = 0;

  constructor(text: string) {
    const lines = text.split('\n');
    // js-yaml reads a final line without a newline as if it had one.
    if (lines[lines.length - 1] === '') lines.pop();
    this.lines = lines;
    const indent = new Int32Array(lines.length + 1);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const p = skipSpaces(line, 0);
      if (p === 0 && isMarker(line)) indent[i] = -2;
      else indent[i] = p >= line.length || line.charCodeAt(p) === HASH ? -1 : p;
    }
    indent[lines.length] = -2;
    this.indent = indent;
  }

  /** The first line at or after `from` that is not blank or a comment. */
  private peek(from: number): number {
    let j = from;
    while (this.indent[j] === -1) j++;
    return j;
  }

  documents(): BlockRead {
    const { lines, indent } = this;
    const read: BlockRead = { values: [], starts: [] };
    let j = this.peek(0);
    // Content before the first `---` is a document of its own.
    if (indent[j] !== -2) j = this.root(j, read);
    while (j < lines.length) {
      // Only `---` (and a comment) between documents: `...`, directives and content after `---` stay with js-yaml.
      if (!lines[j]!.startsWith('---') || !restIsEmpty(lines[j]!, 3)) decline();
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
    const line = this.lines[j]!;
    if (isSeqEntry(line, col)) return this.sequence(j, col);
    if (this.keyEnd(line, col) >= 0) return this.mapping(j, col);
    return decline();
  }

  /** A block sequence whose `-` entries are at column `n`, the first on line `j`. */
  private sequence(j: number, n: number): unknown[] {
    const { lines, indent } = this;
    const items: unknown[] = [];
    for (;;) {
      const line = lines[j]!;
      const p = skipSpaces(line, n + 1);
      if (restIsEmpty(line, n + 1)) items.push(this.blockValue(j, n, false));
      else if (isSeqEntry(line, p)) items.push(this.sequence(j, p));
      else if (this.keyEnd(line, p) >= 0) items.push(this.mapping(j, p));
      else items.push(this.scalar(j, p, n));
      const k = this.next;
      if (indent[k] === n && isSeqEntry(lines[k]!, n)) {
        j = k;
        continue;
      }
      if (indent[k]! > n) decline();
      return items;
    }
  }

  /** A block mapping whose keys are at column `n`, the first on line `j`. */
  private mapping(j: number, n: number): Record<string, unknown> {
    const { lines, indent } = this;
    const map: Record<string, unknown> = {};
    let entries = 0;
    for (;;) {
      const line = lines[j]!;
      const end = this.keyEnd(line, n);
      if (end < 0) decline();
      const key = this.key(line, n, end);
      if (key === '__proto__') decline();
      entries++;
      // `end` is the colon; a value starts after it.
      map[key] = restIsEmpty(line, end + 1) ? this.blockValue(j, n, true) : this.scalar(j, skipSpaces(line, end + 1), n);
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
    if (inMapping && at === n && isSeqEntry(this.lines[k]!, n)) return this.sequence(k, n);
    this.next = k;
    return null;
  }

  /**
   * The column of the colon that ends a mapping key starting at `col`, or -1 when the line has no
   * key there. Keys this reader does not take (complex, anchored, flow) decline.
   */
  private keyEnd(line: string, col: number): number {
    const c = line.charCodeAt(col);
    if (c === SQUOTE || c === DQUOTE) {
      const close = quoteEnd(line, col);
      if (close < 0) return -1;
      const p = skipSpaces(line, close + 1);
      return line.charCodeAt(p) === COLON && (p + 1 === line.length || line.charCodeAt(p + 1) === SPACE) ? p : -1;
    }
    for (let p = line.indexOf(':', col); p >= 0; p = line.indexOf(':', p + 1)) {
      if (p + 1 === line.length || line.charCodeAt(p + 1) === SPACE) {
        const hash = line.indexOf(' #', col);
        if (hash >= 0 && hash < p) return -1;
        if (notPlainStart(line, col)) decline();
        return p;
      }
    }
    return -1;
  }

  private key(line: string, col: number, colon: number): string {
    const c = line.charCodeAt(col);
    if (c === SQUOTE || c === DQUOTE) return quoted(line, col, quoteEnd(line, col));
    const source = trimSpaces(line, col, colon);
    // YAML limits implicit keys to 1024 characters; past that, js-yaml says so.
    if (source.length > 1000 || source.includes(': ')) decline();
    return String(resolvePlain(source));
  }

  /** A scalar (or `{}`/`[]`) value starting at column `p` of line `j`, inside a block at indent `n`. */
  private scalar(j: number, p: number, n: number): unknown {
    const line = this.lines[j]!;
    const c = line.charCodeAt(p);
    this.next = this.peek(j + 1);
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(j, p, n);
    if (c === SQUOTE || c === DQUOTE) {
      const close = quoteEnd(line, p);
      if (close < 0 || !restIsEmpty(line, close + 1)) decline();
      return quoted(line, p, close);
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const [value, end] = flowCollection(line, p);
      if (!restIsEmpty(line, end)) decline();
      return value;
    }
    if (notPlainStart(line, p)) decline();
    const hash = line.indexOf(' #', p);
    const source = trimSpaces(line, p, hash < 0 ? line.length : hash);
    // A colon that would start a mapping inside the value is an error js-yaml reports.
    if (source.endsWith(':') || source.includes(': ')) decline();
    return resolvePlain(source);
  }

  /** A literal (`|`) or folded (`>`) block scalar whose header is at column `p` of line `j`. */
  private blockScalar(j: number, p: number, n: number): string {
    const { lines } = this;
    const header = lines[j]!;
    const folded = header.charCodeAt(p) === 62;
    let q = p + 1;
    let strip = false;
    if (header.charCodeAt(q) === DASH) {
      strip = true;
      q++;
    }
    // Keep chomping (`+`) and explicit indentation indicators stay with js-yaml.
    if (!restIsEmpty(header, q)) decline();
    let k = j + 1;
    let indent = -1;
    const body: string[] = [];
    for (; k < lines.length; k++) {
      const line = lines[k]!;
      const spaces = skipSpaces(line, 0);
      if (spaces === line.length) {
        // A blank line longer than the content's indentation is content (or an error) in YAML.
        if (indent >= 0 ? spaces > indent : false) decline();
        body.push(line);
        continue;
      }
      if (indent < 0) {
        if (spaces <= n) break;
        indent = spaces;
        for (const blank of body) if (blank.length > indent) decline();
      } else if (spaces < indent) break;
      body.push(line);
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

/** The column of the quote closing the quoted scalar that opens at `col`, or -1 if it does not close on this line. */
function quoteEnd(line: string, col: number): number {
  const q = line.charCodeAt(col);
  for (let p = col + 1; p < line.length; p++) {
    const c = line.charCodeAt(p);
    if (q === SQUOTE) {
      if (c === SQUOTE) {
        if (line.charCodeAt(p + 1) === SQUOTE) p++;
        else return p;
      }
    } else if (c === 92 /* \ */) p++;
    else if (c === DQUOTE) return p;
  }
  return -1;
}

/** The value of a one-line quoted scalar from `open` to `close` (the quotes' columns). */
function quoted(line: string, open: number, close: number): string {
  const inner = line.slice(open + 1, close);
  if (line.charCodeAt(open) === SQUOTE) return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  if (!inner.includes('\\')) return inner;
  // YAML has more escapes than JSON (\x, \e, \N, ...); those stay with js-yaml.
  if (inner.replace(JSON_ESCAPE, '').includes('\\')) decline();
  return JSON.parse(`"${inner}"`) as string;
}

const isFlowIndicator = (c: number): boolean => c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;

/**
 * A one-line flow sequence or mapping of scalars opening at column `p`: its value and the column
 * after its closing bracket. Nesting, empty or trailing entries, and single-pair mappings inside a
 * sequence decline.
 */
function flowCollection(line: string, p: number): [unknown, number] {
  const mapping = line.charCodeAt(p) === OPEN_BRACE;
  const close = mapping ? CLOSE_BRACE : CLOSE_BRACKET;
  const items: unknown[] = [];
  const map: Record<string, unknown> = {};
  let entries = 0;
  let q = skipSpaces(line, p + 1);
  if (line.charCodeAt(q) === close) return [mapping ? map : items, q + 1];
  for (;;) {
    if (mapping) {
      const [key, colon, keyEnd] = flowScalar(line, q);
      if (!colon || line.charCodeAt(keyEnd + 1) !== SPACE) decline();
      const name = String(key);
      if (name === '__proto__') decline();
      entries++;
      const [value, valueColon, valueEnd] = flowScalar(line, skipSpaces(line, keyEnd + 1));
      if (valueColon) decline();
      map[name] = value;
      q = skipSpaces(line, valueEnd);
    } else {
      const [value, colon, end] = flowScalar(line, q);
      if (colon) decline();
      items.push(value);
      q = skipSpaces(line, end);
    }
    const c = line.charCodeAt(q);
    if (c === close) {
      if (mapping) checkKeys(map, entries);
      return [mapping ? map : items, q + 1];
    }
    if (c !== COMMA) decline();
    q = skipSpaces(line, q + 1);
    if (line.charCodeAt(q) === close) decline();
  }
}

/**
 * A scalar inside a flow collection, starting at `q`: its value, whether a `:` indicator ends it,
 * and the column where it ends (the colon's, when there is one).
 */
function flowScalar(line: string, q: number): [unknown, boolean, number] {
  const c = line.charCodeAt(q);
  if (c === SQUOTE || c === DQUOTE) {
    const close = quoteEnd(line, q);
    if (close < 0) decline();
    const after = skipSpaces(line, close + 1);
    const colon = line.charCodeAt(after) === COLON;
    return [quoted(line, q, close), colon, colon ? after : close + 1];
  }
  if (notPlainStart(line, q)) decline();
  let r = q;
  for (; r < line.length; r++) {
    const d = line.charCodeAt(r);
    if (isFlowIndicator(d)) break;
    if (d === HASH && line.charCodeAt(r - 1) === SPACE) decline();
    if (d === COLON) {
      const e = line.charCodeAt(r + 1);
      if (r + 1 === line.length || e === SPACE || isFlowIndicator(e)) return [resolvePlain(trimSpaces(line, q, r)), true, r];
    }
  }
  const source = trimSpaces(line, q, r);
  if (source === '') decline();
  return [resolvePlain(source), false, r];
}
