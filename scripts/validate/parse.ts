// Step 2 of the pipeline: parse every YAML and JSON file once, so later steps can point at the
// line of any value. Syntax errors, duplicate keys and tabs are findings here.
//
// Three readers, for speed: block-yaml.ts reads the block-YAML subset manifests are written in, and
// js-yaml (about ten times faster than `yaml`) every file it declines, rejecting duplicate keys and
// tab indentation itself. The `yaml` package, which keeps positions, parses a file only when js-yaml
// rejected it (to report exactly where) or when a later step asks where a value is that block-yaml's
// positioned reading (ParsedDoc.placed) cannot place.
import { isDeepStrictEqual } from 'node:util';
import { Document, isScalar, LineCounter, parseAllDocuments, parseDocument, Scalar, visit } from 'yaml';
import { readBlockYamlPositions, type PositionIndex } from './block-yaml.ts';
import { fastRead, type DocumentStart } from './fast-read.ts';
import type { Finding, SourceFile } from './types.ts';

export { documentStarts } from './fast-read.ts';

export interface ParsedDoc {
  /** The document as plain data (null for an empty document). */
  value: unknown;
  /** The document with positions; parsed on first use. */
  readonly node: Document;
  /** 1-based position where the document's content starts. */
  line: number;
  column: number;
  /**
   * The document as block-yaml.ts reads it, with where each key and list item is written: enough to
   * place most findings without the `yaml` parse (which, cold, costs several milliseconds a
   * document). Read on first use; null or absent when the reader declines the file.
   */
  readonly placed?: { value: unknown; positions: PositionIndex } | null;
}

export interface ParsedFile {
  file: SourceFile;
  docs: ParsedDoc[];
  /** Offsets to lines and columns for `node` ranges; parsed on first use. */
  readonly lineCounter: LineCounter;
  /** False when the file has syntax errors; its docs are then best-effort and not validated further. */
  ok: boolean;
}

/** Where each line of `text` starts, as the `yaml` parser's LineCounter records them while it parses. */
export function countLines(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

/** Offset where 1-based `line` starts (text.length past the last line). */
function lineOffset(lines: LineCounter, text: string, line: number): number {
  return lines.lineStarts[line - 1] ?? text.length;
}

/**
 * One document of a file, parsed with positions on its own: the text before it is blanked (newlines
 * kept) so that every offset, and so every line and column, is the one it has in the whole file.
 * Null when that reading is not the document js-yaml read (then the caller parses the whole file).
 */
function parseAlone(text: string, from: number, to: number, value: unknown): Document | null {
  const blanked = text.slice(0, from).replace(/[^\n]/g, ' ') + text.slice(from, to);
  const docs = parseAllDocuments(blanked, { uniqueKeys: true });
  const doc = Array.isArray(docs) ? (docs as Document[])[0] : undefined;
  if (!doc || doc.errors.length) return null;
  try {
    return isDeepStrictEqual(doc.toJS({ maxAliasCount: 1000 }), value) ? doc : null;
  } catch {
    return null;
  }
}

/**
 * A file js-yaml accepted: values now, positions (the `yaml` parse) only if someone asks, and then
 * only for the document asked about: a finding needs the one document it is in, and the `yaml`
 * parser is about ten times slower than js-yaml. One object per file and one per document, their
 * getters on the prototype: a tree of manifests holds tens of thousands of documents.
 */
class LazyFile implements ParsedFile {
  readonly docs: ParsedDoc[];
  readonly ok = true;
  private lines: LineCounter | null = null;
  private whole: Document[] | null = null;
  /** Whether each document can be parsed on its own; see node(). */
  private splittable: boolean | undefined;
  private alone: Map<number, Document | null> | null = null;
  private block: ReturnType<typeof readBlockYamlPositions> | undefined;

  constructor(
    readonly file: SourceFile,
    private readonly values: unknown[],
    private readonly starts: DocumentStart[],
  ) {
    this.docs = values.map((value, i) => new LazyDoc(this, i, value, starts[i]!));
  }

  get lineCounter(): LineCounter {
    return (this.lines ??= countLines(this.file.text));
  }

  private wholeFile(): Document[] {
    if (!this.whole) {
      const documents = parseAllDocuments(this.file.text, { uniqueKeys: true });
      this.whole = Array.isArray(documents) ? (documents as Document[]) : [];
    }
    return this.whole;
  }

  node(i: number): Document {
    const { text } = this.file;
    // A directive (%YAML, %TAG) applies to the document after it, which a document parsed alone would
    // not see. Asked only when positions are: most files never need them.
    this.splittable ??= !/^%/m.test(text);
    if (!this.splittable || i >= this.starts.length) return this.wholeFile()[i] ?? new Document(null);
    this.alone ??= new Map();
    if (!this.alone.has(i)) {
      const from = lineOffset(this.lineCounter, text, this.starts[i]!.line);
      const to = i + 1 < this.starts.length ? lineOffset(this.lineCounter, text, this.starts[i + 1]!.line) : text.length;
      this.alone.set(i, parseAlone(text, from, to, this.values[i]));
    }
    return this.alone.get(i) ?? this.wholeFile()[i] ?? new Document(null);
  }

  placed(i: number): ParsedDoc['placed'] {
    if (this.block === undefined) this.block = readBlockYamlPositions(this.file.text);
    return this.block && this.block.values.length === this.values.length ? { value: this.block.values[i], positions: this.block.positions } : null;
  }
}

class LazyDoc implements ParsedDoc {
  readonly line: number;
  readonly column: number;

  constructor(
    private readonly owner: LazyFile,
    private readonly index: number,
    readonly value: unknown,
    start: DocumentStart,
  ) {
    this.line = start.line;
    this.column = start.column;
  }

  get node(): Document {
    return this.owner.node(this.index);
  }

  get placed(): ParsedDoc['placed'] {
    return this.owner.placed(this.index);
  }
}

export function lazyFile(file: SourceFile, values: unknown[], starts: DocumentStart[]): ParsedFile {
  return new LazyFile(file, values, starts);
}

/** js-yaml's reading of a file, or null when it rejects it (then the `yaml` parser says why and where). */
function fastParse(file: SourceFile): ParsedFile | null {
  const read = fastRead(file.text);
  return read ? lazyFile(file, read.values, read.starts) : null;
}

const finding = (file: string, line: number, column: number, rule: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({
  file,
  line,
  column,
  severity,
  rule,
  message,
});

/** Line ranges (1-based, inclusive) of block scalars, where a tab is content rather than indentation. */
function blockScalarLines(docs: Document[], lineCounter: LineCounter): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node) {
        if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range) {
          ranges.push([lineCounter.linePos(node.range[0]).line, lineCounter.linePos(node.range[1]).line]);
        }
      },
    });
  }
  return ranges;
}

function tabFindings(file: SourceFile, docs: Document[], lineCounter: LineCounter): Finding[] {
  if (!file.text.includes('\t')) return [];
  const blocks = blockScalarLines(docs, lineCounter);
  const out: Finding[] = [];
  const lines = file.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const indent = /^[ \t]*/.exec(lines[i]!)![0];
    const col = indent.indexOf('\t');
    if (col < 0) continue;
    const line = i + 1;
    // A block scalar's first content line is where its range starts; only lines after the header count.
    if (blocks.some(([from, to]) => line > from && line <= to)) continue;
    out.push(finding(file.path, line, col + 1, 'yaml-tab', 'tab character in indentation; YAML indentation must be spaces'));
  }
  return out;
}

export function parseYaml(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(file.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const findings: Finding[] = [];
  // parseAllDocuments returns an EmptyStream (an array with `empty`) for an empty file.
  const list = Array.isArray(docs) ? (docs as Document[]) : [];
  const tabs = tabFindings(file, list, lineCounter);
  const tabLines = new Set(tabs.map((f) => f.line));
  findings.push(...tabs);
  let ok = tabs.length === 0;
  // An error found at the end of input is reported on the last line, where an editor can show it.
  const lines = file.text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const clamp = (pos: { line: number; col: number }): { line: number; col: number } =>
    pos.line > lines.length ? { line: lines.length, col: (lines[lines.length - 1]?.length ?? 0) + 1 } : pos;
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = clamp(e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]));
      const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      ok = false;
      if (e.code === 'TAB_AS_INDENT' || tabLines.has(pos.line)) {
        if (!tabLines.has(pos.line)) findings.push(finding(file.path, pos.line, pos.col, 'yaml-tab', message));
      } else if (e.code === 'DUPLICATE_KEY') {
        findings.push(finding(file.path, pos.line, pos.col, 'yaml-duplicate-key', `${message}: the later value would silently win`));
      } else findings.push(finding(file.path, pos.line, pos.col, 'yaml-syntax', message));
    }
    for (const w of doc.warnings) {
      const pos = w.linePos?.[0] ?? lineCounter.linePos(w.pos[0]);
      findings.push(finding(file.path, pos.line, pos.col, 'yaml-syntax', w.message.split('\n')[0]!, 'warning'));
    }
  }
  const parsedDocs = list.map((node): ParsedDoc => {
    const start = node.contents?.range?.[0] ?? node.range?.[0] ?? 0;
    const pos = lineCounter.linePos(start);
    let value: unknown = null;
    try {
      value = node.errors.length ? null : node.toJS({ maxAliasCount: 1000 });
    } catch {
      value = null;
    }
    return { value, node, line: pos.line, column: pos.col };
  });
  return { parsed: { file, docs: parsedDocs, lineCounter, ok }, findings };
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

function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

function parseJson(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  const lineCounter = new LineCounter();
  try {
    JSON.parse(file.text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = positionOf(file.text, jsonErrorOffset(file.text));
    // V8 appends a quote of the input ("..." is not valid JSON) or a position; the finding has both already.
    const clean = message.replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/, '');
    return {
      parsed: { file, docs: [], lineCounter, ok: false },
      findings: [finding(file.path, pos.line, pos.col, 'json-syntax', clean)],
    };
  }
  // JSON.parse keeps the last of two equal keys without a word; js-yaml rejects them, and the
  // YAML parser then says where.
  const fast = fastParse(file);
  if (fast) return { parsed: fast, findings: [] };
  const node = parseDocument(file.text, { lineCounter, uniqueKeys: true });
  const findings = node.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => {
      const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      return finding(file.path, pos.line, pos.col, 'json-duplicate-key', 'duplicate key in object: the later value would silently win');
    });
  const start = lineCounter.linePos(node.contents?.range?.[0] ?? 0);
  const value: unknown = findings.length ? null : node.toJS();
  return {
    parsed: { file, docs: [{ value, node, line: start.line, column: start.col }], lineCounter, ok: findings.length === 0 },
    findings,
  };
}

export function parseFile(file: SourceFile): { parsed: ParsedFile; findings: Finding[] } {
  if (file.kind === 'json') return parseJson(file);
  const fast = fastParse(file);
  return fast ? { parsed: fast, findings: [] } : parseYaml(file);
}

export interface ParseResult {
  /** Keyed by repository-relative path. */
  parsed: Map<string, ParsedFile>;
  findings: Finding[];
}

const isParsed = (file: SourceFile): boolean => file.kind === 'yaml' || file.kind === 'json';

function add(result: ParseResult, file: SourceFile): void {
  const r = parseFile(file);
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
 * The same as parseFiles, with `meanwhile` (work of this thread that mostly waits, such as esbuild
 * bundling the Kubernetes schemas in its own process) started first and given the event loop between
 * two files, so its waits are spent parsing. Resolves when both are done.
 *
 * Parsing stays on this thread: on worker threads it was no faster, as copying the documents back
 * (structured clone) costs this thread about as much as reading them with block-yaml.ts.
 */
export async function parseFilesBeside(files: SourceFile[], meanwhile: () => Promise<unknown>): Promise<ParseResult> {
  const result: ParseResult = { parsed: new Map(), findings: [] };
  const pending = meanwhile();
  let waiting = true;
  void pending.finally(() => {
    waiting = false;
  });
  for (const file of files) {
    if (!isParsed(file)) continue;
    add(result, file);
    if (waiting) await new Promise((resolve) => setImmediate(resolve));
  }
  await pending;
  return result;
}

/** The scalar value of a key node, for comparisons while walking a document. */
export const keyOf = (node: unknown): unknown => (isScalar(node) ? node.value : node);

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
  const docs = parseAllDocuments(file.text, { version: '1.1' });
  if (!Array.isArray(docs)) return null;
  try {
    return (docs as Document[]).map((d) => (d.errors.length ? null : d.toJS({ maxAliasCount: 1000 })));
  } catch {
    return null;
  }
}
