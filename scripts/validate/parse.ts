// Step 2 of the pipeline: parse every YAML and JSON file once, so later steps can point at the
// line of any value. Syntax errors, duplicate keys, tab indentation and alias bombs are findings here.
//
// One reader: js-yaml. Its parser produces a flat stream of events that carry source offsets; the
// values are constructed from that stream (core schema, and the YAML 1.1 schema kubectl reads plain
// manifests with), and positions.ts places findings from the same kind of stream. Positions are
// needed for a few documents only, so the stream is not kept: a file is read again when asked.
import { createRequire } from 'node:module';
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, parseEvents, YAML11_SCHEMA, YAMLException, type Event } from 'js-yaml';
import { DEFICIENT_INDENTATION, readLenient } from './flow-indent.ts';
import { eventStart, type EventTable, eventTable, type FieldPath, type Located, LineStarts, positionIndex, type PositionIndex } from './positions.ts';
import type { Finding, SourceFile } from './types.ts';

/** Deeper collections are refused by the reader: a manifest nests a few dozen levels at most. */
export const MAX_DEPTH = 200;
/**
 * An alias is a reference, so a document with aliases can stand for far more data than it holds
 * (a 1 KB "billion laughs" expands to gigabytes in any consumer that copies or prints it). A
 * document whose expanded size passes both figures is refused.
 */
export const MAX_EXPANDED_NODES = 100_000;
export const MAX_EXPANSION_RATIO = 10;

export interface ParsedDoc {
  /** The document as plain data (null for an empty document or one with errors). */
  readonly value: unknown;
  /** 1-based position where the document's content starts. */
  readonly line: number;
  readonly column: number;
  /** Where `path` is written: the deepest segment found (a map key, a list item), else the document's start. */
  locate(path: FieldPath): Located;
}

export interface ParsedFile {
  file: SourceFile;
  docs: ParsedDoc[];
  /** False when the file has syntax errors; its docs are then empty and not validated further. */
  ok: boolean;
}

/**
 * The offset where each document's content starts; for an empty document, its `---` marker (the
 * reader records no offset for either).
 */
function documentOffsets(text: string, events: Event[]): number[] {
  const out: number[] = [];
  let cursor = 0;
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.type !== EVENT_ID.DOCUMENT) continue;
    let at = eventStart(events[i + 1]!);
    if (at < 0) {
      const marker = text.startsWith('---', cursor) ? cursor : text.indexOf('\n---', cursor);
      at = marker < 0 ? cursor : marker === cursor ? cursor : marker + 1;
    }
    out.push(at);
    cursor = Math.max(cursor, at + 1);
  }
  return out;
}

/** Nodes the document stands for with every alias expanded; stops counting past `limit`. */
function expandedSize(value: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const size = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    sizes.set(v, limit); // a reference to a node still being counted is a cycle: count it as too many
    let n = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      n += size(child);
      if (n > limit) break;
    }
    sizes.set(v, Math.min(n, limit + 1));
    return Math.min(n, limit + 1);
  };
  return size(value);
}

/** Nodes written in the document: every value event, an alias counting one. */
function writtenNodes(events: Event[], from: number): number {
  let n = 0;
  let depth = 0;
  for (let i = from; i < events.length; i++) {
    const t = events[i]!.type;
    if (t === EVENT_ID.POP) {
      if (--depth < 0) break;
    } else if (t !== EVENT_ID.DOCUMENT) {
      n++;
      if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
    }
  }
  return n;
}

class Doc implements ParsedDoc {
  constructor(
    private readonly owner: File,
    private readonly index: number,
    readonly value: unknown,
    readonly line: number,
    readonly column: number,
  ) {}

  locate(path: FieldPath): Located {
    const found = this.owner.positions()?.locate(this.index, this.value, path);
    return found && found.depth > 0 ? found : { line: this.line, column: this.column, depth: 0 };
  }
}

class File implements ParsedFile {
  readonly ok = true;
  readonly docs: ParsedDoc[];
  private index: PositionIndex | null | undefined;

  constructor(
    readonly file: SourceFile,
    values: unknown[],
    /** Where each document starts (1-based). */
    starts: Array<{ line: number; column: number }>,
    /**
     * The first read's events in compact form, until positions() has used them; from the parse
     * cache, a function that loads them (null when they cannot be, and the file is read again).
     */
    private events: EventTable | (() => EventTable | null) | null,
  ) {
    this.docs = values.map((value, i) => new Doc(this, i, value, starts[i]!.line, starts[i]!.column));
  }

  /** What the parse cache keeps of this file; only before positions() has used the events. */
  entry(): ParseEntry {
    if (!this.events || typeof this.events === 'function') throw new Error(`${this.file.path}: the events were used before the parse cache kept them`);
    return { kind: 'docs', values: this.docs.map((d) => d.value), starts: this.docs.map((d) => ({ line: d.line, column: d.column })), table: this.events };
  }

  /**
   * Where this file's findings are placed, from the first read's events when a finding is first
   * placed in it. Events loaded from the parse cache are let go again once PACK_POSITIONS_KEPT
   * other files have been placed in since (and loaded again if needed): a file's findings come
   * together (the rules run object by object), and holding every file's events, 20 bytes a node,
   * cost the finding-heavy corpus 20 MB of new memory, each page a fault on a VM.
   */
  positions(): PositionIndex | null {
    if (this.index !== undefined) {
      if (File.recent.delete(this)) File.recent.add(this);
      return this.index;
    }
    const events = this.events;
    const kept = typeof events === 'function' ? events() : events;
    this.index = positionIndex(this.file.text, kept ?? parseEvents(this.file.text, { maxDepth: MAX_DEPTH }));
    if (typeof events === 'function' && kept) {
      File.recent.add(this);
      for (const old of File.recent) {
        if (File.recent.size <= PACK_POSITIONS_KEPT) break;
        File.recent.delete(old);
        old.index = undefined;
      }
    } else this.events = null;
    return this.index;
  }

  /** Files placed in from the parse cache's events, least recently used first. */
  private static readonly recent = new Set<File>();
}

/** Files whose events from the parse cache are held at once (see File.positions). */
const PACK_POSITIONS_KEPT = 16;

const finding = (file: string, line: number, column: number, rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({
  file,
  line,
  column,
  severity,
  rule,
  message,
});

const failed = (file: SourceFile, findings: Finding[]): { parsed: ParsedFile; findings: Finding[] } => ({ parsed: { file, docs: [], ok: false }, findings });

const aliasBomb = (file: SourceFile, at: { line: number; column: number }, limit: number, written: number): Finding =>
  finding(file.path, at.line, at.column, 'yaml-alias-limit', `aliases expand this document past ${limit.toLocaleString('en-US')} nodes (from ${written} written): refused as an alias bomb`);

/** The reader's refusal as a finding at its line and column. */
function readerFinding(file: SourceFile, e: YAMLException, prefix: 'yaml' | 'json'): Finding {
  const { text } = file;
  let line = (e.mark?.line ?? 0) + 1;
  let column = (e.mark?.column ?? 0) + 1;
  const reason = e.reason;
  // A key is marked inside its quotes; an editor shows the quote.
  if (/duplicated mapping key/.test(reason) && e.mark && /["']/.test(text[e.mark.position - 1] ?? '')) column--;
  // An error found at the end of input is reported on the last line, where an editor can show it.
  const lastLines = text.split('\n');
  if (lastLines.length > 1 && lastLines[lastLines.length - 1] === '') lastLines.pop();
  if (line > lastLines.length) {
    line = lastLines.length;
    column = (lastLines[lastLines.length - 1]?.length ?? 0) + 1;
  }
  const rule = /tab characters/.test(reason) ? 'yaml-tab' : /duplicated mapping key/.test(reason) ? `${prefix}-duplicate-key` : /maxAliases|exceeded|depth/.test(reason) ? 'yaml-limit' : 'yaml-syntax';
  const message =
    rule === 'yaml-tab'
      ? 'tab character in indentation; YAML indentation must be spaces'
      : rule.endsWith('duplicate-key')
        ? `duplicate key in ${prefix === 'json' ? 'object' : 'mapping'}: the later value would silently win`
        : reason;
  return finding(file.path, line, column, rule, message);
}

/**
 * Where the first collection used as a mapping key (`? [a, b]`, `{x: 1}: 2`) starts. The reader
 * refuses such a key when the collection ends, and an end carries no offset, so its mark is 1:1.
 */
function complexKeyOffset(events: Event[]): number {
  /** Per open collection: a mapping, and how many of its keys and values have been seen. */
  const open: Array<{ mapping: boolean; nodes: number }> = [];
  for (const e of events) {
    if (e.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (e.type === EVENT_ID.DOCUMENT) {
      open.push({ mapping: false, nodes: 0 });
      continue;
    }
    const parent = open[open.length - 1];
    const collection = e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE;
    if (parent?.mapping && parent.nodes % 2 === 0 && collection) return eventStart(e);
    if (parent) parent.nodes++;
    if (collection) open.push({ mapping: e.type === EVENT_ID.MAPPING, nodes: 0 });
  }
  return -1;
}

/** The reader's complex-key refusal (marked 1:1), placed at the key and said in plain words. */
function complexKeyFinding(file: SourceFile, events: Event[], refusal: Finding): Finding {
  const { text } = file;
  let at = complexKeyOffset(events);
  if (at <= 0) return refusal;
  // `replicas: {{replicas}}` is a template placeholder: a mapping whose key is the mapping `{replicas}`.
  const placeholder = text.startsWith('{{', at - 1);
  if (placeholder) at--;
  const message = placeholder
    ? 'a template placeholder ({{…}}) outside quotes is read as a mapping with a mapping for its key: render the template, or quote the value'
    : 'a list or mapping used as a mapping key: only scalar keys can be read (Kubernetes, compose and JSON have no other kind)';
  return { ...refusal, ...new LineStarts(text).at(at), message };
}

/** Reads a YAML (or JSON) text; `prefix` names the rules of its findings. */
function read(file: SourceFile, prefix: 'yaml' | 'json'): { parsed: ParsedFile; findings: Finding[] } {
  const { text } = file;
  let events: Event[] | undefined;
  let values: unknown[];
  try {
    events = parseEvents(text, { maxDepth: MAX_DEPTH });
    values = constructFromEvents(events, { source: text, schema: CORE_SCHEMA });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    if (e.reason === DEFICIENT_INDENTATION) return readFlowIndented(file, e, prefix);
    return failed(file, [events && e.mark?.position === 0 && /complex key/.test(e.reason) ? complexKeyFinding(file, events, readerFinding(file, e, prefix)) : readerFinding(file, e, prefix)]);
  }
  const offsets = documentOffsets(text, events);
  const lines = new LineStarts(text);
  if (events.some((e) => e.type === EVENT_ID.ALIAS)) {
    const documents = events.flatMap((e, i) => (e.type === EVENT_ID.DOCUMENT ? [i] : []));
    for (const [i, value] of values.entries()) {
      const written = writtenNodes(events, documents[i]! + 1);
      const limit = Math.max(MAX_EXPANDED_NODES, MAX_EXPANSION_RATIO * written);
      if (expandedSize(value, limit) > limit) {
        const at = lines.at(Math.max(0, offsets[i]!));
        return failed(file, [aliasBomb(file, at, limit, written)]);
      }
    }
  }
  return { parsed: new File(file, values, offsets.map((o) => lines.at(o)), eventTable(events)), findings: [] };
}

/**
 * A file js-yaml refuses for "deficient indentation" that eemeli/yaml reads without error: a flow
 * collection closed at its key's indentation, which Go yaml and PyYAML accept (flow-indent.ts).
 * Anything else keeps js-yaml's refusal.
 */
function readFlowIndented(file: SourceFile, refusal: YAMLException, prefix: 'yaml' | 'json'): { parsed: ParsedFile; findings: Finding[] } {
  const lenient = readLenient(file.text);
  if (!lenient) return failed(file, [readerFinding(file, refusal, prefix)]);
  for (const [i, doc] of lenient.docs.entries()) {
    const written = lenient.written[i]!;
    const limit = Math.max(MAX_EXPANDED_NODES, MAX_EXPANSION_RATIO * written);
    if (expandedSize(doc.value, limit) > limit) {
      return failed(file, [aliasBomb(file, doc, limit, written)]);
    }
  }
  return { parsed: { file, docs: lenient.docs, ok: true }, findings: [] };
}

export function parseYaml(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  return read(file, 'yaml');
}

/**
 * Offset of the first character JSON.parse rejects. V8's messages do not always carry a position,
 * but every prefix that stops before the mistake fails only with "end of input", so the shortest
 * prefix that fails otherwise ends at the mistake.
 */
function jsonErrorOffset(text: string): number {
  const failsBeforeEnd = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message);
      if (at) return Number(at[1]) < n;
      return !/end of (JSON )?input/i.test(message);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failsBeforeEnd(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function parseJson(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  try {
    JSON.parse(file.text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const pos = new LineStarts(file.text).at(jsonErrorOffset(file.text));
    // V8 appends a quote of the input ("..." is not valid JSON) or a position; the finding has both already.
    const clean = e.message.replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/, '');
    return failed(file, [finding(file.path, pos.line, pos.column, 'json-syntax', clean)]);
  }
  // Valid JSON is valid YAML: the YAML reader finds what JSON.parse lets pass (two equal keys, the
  // later silently winning) and keeps positions.
  return read(file, 'json');
}

let typescriptModule: typeof import('typescript') | undefined;

/**
 * The TypeScript compiler's JSON reader, which is what reads tsconfig.json: comments and trailing
 * commas allowed. Loaded on the first such file (the compiler is a few megabytes of JavaScript).
 */
const typescript = (): typeof import('typescript') => (typescriptModule ??= createRequire(import.meta.url)('typescript') as typeof import('typescript'));

const noPosition = (line: number, column: number): ParsedDoc['locate'] => () => ({ line, column, depth: 0 });

function parseJsonc(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  const { config, error } = typescript().parseConfigFileTextToJson(file.path, file.text);
  if (error) {
    const at = new LineStarts(file.text).at(error.start ?? 0);
    const message = typescript().flattenDiagnosticMessageText(error.messageText, ' ');
    return failed(file, [finding(file.path, at.line, at.column, 'json-syntax', message)]);
  }
  const docs: ParsedDoc[] = [{ value: config as unknown, line: 1, column: 1, locate: noPosition(1, 1) }];
  return { parsed: { file, docs, ok: true }, findings: [] };
}

export function parseFile(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  if (file.kind === 'jsonc') return parseJsonc(file);
  return file.kind === 'json' ? parseJson(file) : parseYaml(file);
}

/**
 * What parseFile produced, as parse-cache.ts keeps it: the findings of a file that does not parse;
 * else the values with where each document starts, and the events positions are placed from (none
 * for tsconfig-style JSON, whose documents have no positions).
 */
export type ParseEntry =
  | { kind: 'failed'; findings: Finding[] }
  | { kind: 'docs'; values: unknown[]; starts: Array<{ line: number; column: number }>; table: EventTable | (() => EventTable | null) }
  | { kind: 'jsonc'; values: unknown[] };

/**
 * parseFile's outcome as an entry; taken right after the read, before any check sees (or changes) the
 * values. Null for a YAML file eemeli/yaml read (readFlowIndented): its positions come from that
 * reader's nodes, which the entry cannot carry, so it is read again on every run.
 */
export function entryOf(file: SourceFile, r: { parsed: ParsedFile; findings: Finding[] }): ParseEntry | null {
  if (!r.parsed.ok) return { kind: 'failed', findings: r.findings };
  if (r.parsed instanceof File) return r.parsed.entry();
  return file.kind === 'jsonc' ? { kind: 'jsonc', values: r.parsed.docs.map((d) => d.value) } : null;
}

/** What parseFile returns for `file`, from the entry an earlier read of the same text left. */
export function fromEntry(file: SourceFile, entry: ParseEntry): { parsed: ParsedFile; findings: Finding[] } {
  if (entry.kind === 'failed') return failed(file, entry.findings);
  if (entry.kind === 'jsonc') return { parsed: { file, docs: entry.values.map((value) => ({ value, line: 1, column: 1, locate: noPosition(1, 1) })), ok: true }, findings: [] };
  return { parsed: new File(file, entry.values, entry.starts, entry.table), findings: [] };
}

export interface ParseResult {
  /** Keyed by repository-relative path. */
  parsed: Map<string, ParsedFile>;
  findings: Finding[];
}

const isParsed = (file: SourceFile): boolean => file.kind === 'yaml' || file.kind === 'json' || file.kind === 'jsonc';

/** Where parsed files are kept between runs (parse-cache.ts); parse.ts reads through it when given one. */
export interface ParseStore {
  get(file: SourceFile): ParseEntry | null;
  /** Called with each file read here, before its values are handed on. */
  put(file: SourceFile, entry: ParseEntry): void;
}

function add(result: ParseResult, file: SourceFile, store?: ParseStore): void {
  const kept = store?.get(file);
  let r: { parsed: ParsedFile; findings: Finding[] };
  if (kept) r = fromEntry(file, kept);
  else {
    r = parseFile(file);
    const entry = store ? entryOf(file, r) : null;
    if (store && entry) store.put(file, entry);
  }
  result.parsed.set(file.path, r.parsed);
  result.findings.push(...r.findings);
}

/** Parses every YAML and JSON file. */
export function parseFiles(files: SourceFile[]): ParseResult {
  const result: ParseResult = { parsed: new Map(), findings: [] };
  for (const file of files) if (isParsed(file)) add(result, file);
  return result;
}

/**
 * The same as parseFiles, with `meanwhile` (work of this thread that mostly waits, such as schema
 * modules loading) started first and given the event loop between two files, so its waits are
 * spent parsing. Resolves when both are done.
 */
export async function parseFilesBeside(files: SourceFile[], meanwhile: () => Promise<unknown>, store?: ParseStore): Promise<ParseResult> {
  const result: ParseResult = { parsed: new Map(), findings: [] };
  const pending = meanwhile();
  let waiting = true;
  void pending.finally(() => {
    waiting = false;
  });
  for (const file of files) {
    if (!isParsed(file)) continue;
    add(result, file, store);
    if (waiting) await new Promise((resolve) => setImmediate(resolve));
  }
  await pending;
  return result;
}

/** A plain scalar that YAML 1.1 reads as a boolean and YAML 1.2 as a string (`value: yes`). */
const YAML11_BOOLEAN = /(?:^|:|^\s*-)[ \t]+(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)[ \t]*(?:#.*)?$/m;
/** What every YAML11_BOOLEAN match contains; about five times faster to rule out, which is the common case. */
const YAML11_CANDIDATE = /[ \t](?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)[ \t]*(?:#.*)?$/m;

/**
 * The documents as kubectl and Argo CD read a plain manifest: sigs.k8s.io/yaml follows YAML 1.1,
 * where `yes`, `no`, `on`, `off` are booleans (so `value: yes` fails to apply). kustomize reads
 * YAML 1.2 and quotes such strings in its output, so this applies to plain manifests only.
 * Null when the file has no such scalar (its values are then the same either way).
 */
export function yaml11Values(file: SourceFile): unknown[] | null {
  if (!YAML11_CANDIDATE.test(file.text) || !YAML11_BOOLEAN.test(file.text)) return null;
  // The file was read without error under the core schema; the YAML 1.1 schema reads the same events.
  try {
    return constructFromEvents(parseEvents(file.text, { maxDepth: MAX_DEPTH }), { source: file.text, schema: YAML11_SCHEMA });
  } catch (e) {
    // Read without error under the core schema, the file can still fail under YAML 1.1 (two keys
    // that are both `true` there); the core reading is then what the checks see.
    if (e instanceof YAMLException) return e.reason === DEFICIENT_INDENTATION ? (readLenient(file.text, '1.1')?.docs.map((d) => d.value) ?? null) : null;
    throw e;
  }
}
