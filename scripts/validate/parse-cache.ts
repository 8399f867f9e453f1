// What the parse step (parse.ts) keeps between runs: for each YAML and JSON file, what reading it
// produced (its findings, or its values, where its documents start and the position events), under
// the file's path, kind and the SHA-256 of its text. Reading is most of a warm run on a large tree
// (js-yaml's reader is about 1.3 s of 1.7 s on 10,000 objects); a kept entry costs a hash and a
// v8.deserialize.
//
// One pack file per validated tree and validator (a thousand small files would cost a thousand
// opens), in the checks' private cache directory (result-cache.ts: outside the tree, 0700, refused
// when another user owns it). The pack is named by the validator's own code, js-yaml's and
// typescript's installed identity, Node's version (the v8 serialization format) and the tree's
// path, so another reader or another version never sees it. It is written aside and renamed, and
// only when something changed, with the entries of this run's files only (so its size follows the
// tree); a run over part of the tree (named paths, --changed) keeps the other files' entries too, so
// that the next whole-tree run stays warm. A damaged pack (the CRC-32 of its index and values does not match, or it is cut short) is
// not used: every file is read, and one line on stderr says so. The position tables (two thirds of
// the pack, needed only for files with a finding) have a CRC-32 each, checked when first used; a
// damaged one is said on stderr and that file's events are read again.
import { closeSync, fstatSync, openSync, read, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { cacheKey, contentHash, writeAtomically } from './cache.ts';
import { packageIdentity, validatorCodeKey } from './checks/result-cache.ts';
import type { ParseEntry, ParseStore } from './parse.ts';
import type { EventTable } from './positions.ts';
import type { SourceFile } from './types.ts';

/** Packs kept in the cache directory (one per tree validated); the least recently written beyond this are removed. */
export const PACKS_KEPT = 16;

const MAGIC = Buffer.from('PVPARSE2');
/** magic; CRC-32 of the bytes from offset 12 to the first table; index length; offset of the first table; padding. */
const HEADER = 24;

/** One file's entry in a pack's index. */
interface Indexed {
  /** path, kind, SHA-256 of the text */
  p: string;
  k: string;
  h: string;
  /** offset and length of the v8-serialized entry (without its table) */
  o: number;
  n: number;
  /** offset of the event table, its number of events and its CRC-32; t is -1 when the entry has none */
  t: number;
  e: number;
  c: number;
}

/** A file's entry ready to be written: the serialized entry and its table's bytes. */
interface Packed {
  p: string;
  k: string;
  h: string;
  blob: Uint8Array;
  /** the table's bytes; for an entry of the pack read at the start, a function that reads them */
  table: Uint8Array | (() => Uint8Array) | null;
  events: number;
  crc: number;
}

const INT32_FIELDS = ['start', 'valueStart', 'valueEnd', 'indent'] as const;
const UINT8_FIELDS = ['type', 'style', 'chomping', 'fast'] as const;
const tableBytes = (events: number): number => align(events * (4 * INT32_FIELDS.length + UINT8_FIELDS.length));
const align = (n: number): number => (n + 7) & ~7;

/** The table's arrays laid end to end: the 32-bit ones first, so each stays aligned. */
function packTable(t: EventTable): Uint8Array {
  const n = t.type.length;
  const out = new Uint8Array(tableBytes(n));
  let at = 0;
  for (const f of INT32_FIELDS) {
    out.set(new Uint8Array(t[f].buffer, t[f].byteOffset, t[f].byteLength), at);
    at += 4 * n;
  }
  for (const f of UINT8_FIELDS) {
    out.set(t[f], at);
    at += n;
  }
  return out;
}

/** Views over a table's bytes (no copy): `at` is 8-aligned within a buffer whose start is. */
function tableAt(buf: Buffer, at: number, n: number): EventTable {
  const base = buf.byteOffset + at;
  const int32 = (i: number): Int32Array => new Int32Array(buf.buffer, base + 4 * n * i, n);
  const uint8 = (i: number): Uint8Array => new Uint8Array(buf.buffer, base + 4 * n * INT32_FIELDS.length + n * i, n);
  return { start: int32(0), valueStart: int32(1), valueEnd: int32(2), indent: int32(3), type: uint8(0), style: uint8(1), chomping: uint8(2), fast: uint8(3) };
}

/** `length` bytes of `fd` from `at`, in a buffer of their own (so 8-aligned); fewer when the file ends first. */
function readAt(fd: number, at: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length);
  let got = 0;
  for (let n = -1; got < length && n !== 0; got += n) n = readSync(fd, buf, got, length - got, at + got);
  return buf.subarray(0, got);
}

/** `length` bytes of `fd` from `at`, read in the thread pool while this thread does other work. */
function readAtInBackground(fd: number, at: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafeSlow(length);
  return new Promise((resolve, reject) => {
    const next = (got: number): void => {
      if (got >= length) return resolve(buf);
      read(fd, buf, got, length - got, at + got, (error, n) => {
        if (error) reject(error);
        else if (n === 0) resolve(buf.subarray(0, got));
        else next(got + n);
      });
    };
    next(0);
  });
}

/**
 * The pack's index and values (its bytes up to the first table; the tables are read when used), or
 * why the pack cannot be used. The header is read at once; the rest in the background.
 */
function readHead(fd: number): Promise<{ buf: Buffer; index: Indexed[] } | string> {
  const size = fstatSync(fd).size;
  const header = readAt(fd, 0, HEADER);
  if (header.length < HEADER || !header.subarray(0, MAGIC.length).equals(MAGIC)) return Promise.resolve('not a parse cache pack');
  const tables = header.readUInt32LE(16);
  if (tables > size) return Promise.resolve('it is cut short');
  return readAtInBackground(fd, 0, tables).then((buf) => {
    if (buf.length < tables) return 'it is cut short';
    if (crc32(buf.subarray(12)) !== buf.readUInt32LE(8)) return 'its checksum does not match';
    const length = buf.readUInt32LE(12);
    const index = JSON.parse(buf.toString('utf8', HEADER, HEADER + length)) as Indexed[];
    if (!Array.isArray(index)) return 'its index is not a list';
    return index.every((e) => e.t < 0 || e.t + tableBytes(e.e) <= size) ? { buf, index } : 'it is cut short';
  });
}

/** A pack's descriptor is closed once nothing can read a table from it any more (no file of that run is left). */
const closeWhenUnused = new FinalizationRegistry<number>((fd) => closeSync(fd));

export class ParseCache implements ParseStore {
  /** Entries of this run's files, in the order they were read. */
  private readonly kept = new Map<string, Packed>();
  private changed = false;

  private constructor(
    private readonly file: string,
    /** The pack's index and values; its tables are read from `fd` when used. */
    private readonly pack: Buffer,
    private readonly index: Map<string, Indexed>,
    private readonly fd: number | null,
    /** A run over part of the tree: the entries of files it did not read stay in the pack. */
    private readonly partial: boolean,
  ) {}

  /**
   * The pack of the tree at `root` in the parse cache directory `dir` (cache.ts cacheDir). A pack
   * that is missing is an empty cache; a damaged one is too, with a notice on stderr. The read is
   * under way when this returns (nothing before it waits), so the caller can list and read the
   * tree's files meanwhile.
   */
  static open(dir: string, root: string, partial = false): Promise<ParseCache> {
    const name = cacheKey(validatorCodeKey(), packageIdentity('js-yaml'), packageIdentity('typescript'), process.version, endianness(), root);
    const file = join(dir, `${name}.pack`);
    const empty = (): ParseCache => new ParseCache(file, Buffer.alloc(0), new Map(), null, partial);
    let fd: number;
    try {
      // Kept open for the run: a pack renamed into place meanwhile by another run does not change what this one reads.
      fd = openSync(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') process.stderr.write(`validate: parse cache ${file} not read (${(e as Error).message}); reading every file\n`);
      return Promise.resolve(empty());
    }
    let reading: Promise<{ buf: Buffer; index: Indexed[] } | string>;
    try {
      reading = readHead(fd);
    } catch (e) {
      reading = Promise.reject(e as Error);
    }
    return reading
      .catch((e: unknown) => `it does not read (${e instanceof Error ? e.message : String(e)})`)
      .then((head) => {
        if (typeof head === 'string') {
          closeSync(fd);
          process.stderr.write(`validate: parse cache ${file} is damaged: ${head}; reading every file\n`);
          return empty();
        }
        const cache = new ParseCache(file, head.buf, new Map(head.index.map((e) => [e.p, e])), fd, partial);
        closeWhenUnused.register(cache, fd);
        return cache;
      });
  }

  /** Whether the pack holds this file's text as it is now (what this run reads from it). */
  holds(file: SourceFile): boolean {
    const found = this.index.get(file.path);
    return found !== undefined && found.k === file.kind && found.h === contentHash(file);
  }

  get(file: SourceFile): ParseEntry | null {
    const hash = contentHash(file);
    const found = this.index.get(file.path);
    if (!found || found.k !== file.kind || found.h !== hash) return null;
    const blob = this.pack.subarray(found.o, found.o + found.n);
    // Through `this`, so the descriptor stays open while any of this run's files can still ask for its table.
    const table = found.t < 0 || this.fd === null ? null : (): Buffer => this.readTable(found);
    let entry: ParseEntry;
    try {
      entry = deserialize(blob) as ParseEntry;
    } catch (e) {
      // The checksum matched, so this is a pack from a Node whose serializer differs: read the file.
      process.stderr.write(`validate: parse cache entry of ${file.path} does not read (${(e as Error).message}); reading the file\n`);
      return null;
    }
    this.kept.set(file.path, { p: found.p, k: found.k, h: found.h, blob, table, events: found.e, crc: found.c });
    if (entry.kind !== 'docs') return entry;
    const load = (): EventTable | null => {
      const bytes = table?.();
      if (bytes && crc32(bytes) === found.c) return tableAt(bytes, 0, found.e);
      process.stderr.write(`validate: parse cache ${this.file}: the positions of ${file.path} are damaged; reading the file again\n`);
      return null;
    };
    return { ...entry, table: load };
  }

  private readTable(found: Indexed): Buffer {
    return readAt(this.fd!, found.t, tableBytes(found.e));
  }

  put(file: SourceFile, entry: ParseEntry): void {
    this.changed = true;
    const h = contentHash(file);
    if (entry.kind === 'docs') {
      const { table, ...rest } = entry;
      if (typeof table === 'function') throw new Error(`${file.path}: an entry read from the parse cache was put back`);
      const bytes = packTable(table);
      this.kept.set(file.path, { p: file.path, k: file.kind, h, blob: serialize(rest), table: bytes, events: table.type.length, crc: crc32(bytes) });
    } else this.kept.set(file.path, { p: file.path, k: file.kind, h, blob: serialize(entry), table: null, events: 0, crc: 0 });
  }

  /**
   * Writes the pack when this run read a file the pack did not hold or no longer holds one of its
   * files. A pack that cannot be written is said on stderr; the run's results do not depend on it.
   */
  async save(): Promise<void> {
    if (this.partial) {
      for (const found of this.index.values()) {
        if (this.kept.has(found.p)) continue;
        const table = found.t < 0 || this.fd === null ? null : (): Buffer => this.readTable(found);
        this.kept.set(found.p, { p: found.p, k: found.k, h: found.h, blob: this.pack.subarray(found.o, found.o + found.n), table, events: found.e, crc: found.c });
      }
    }
    if (!this.changed && this.kept.size === this.index.size) return;
    const index: Indexed[] = [];
    const parts: Uint8Array[] = [];
    let at = 0;
    const place = (bytes: Uint8Array): number => {
      const start = at;
      parts.push(bytes);
      at += bytes.length;
      const pad = align(at) - at;
      if (pad) parts.push(new Uint8Array(pad));
      at += pad;
      return start;
    };
    // Values first, tables after them: the checksum read at every start covers the index and values only.
    // A kept table read back from the old pack is checked first: a damaged one drops its entry (read again next run).
    const entries = [...this.kept.values()].flatMap((k) => {
      const table = typeof k.table === 'function' ? k.table() : k.table;
      return table && crc32(table) !== k.crc ? [] : [{ ...k, table }];
    });
    for (const k of entries) index.push({ p: k.p, k: k.k, h: k.h, o: place(k.blob), n: k.blob.length, t: -1, e: k.events, c: k.crc });
    const tables = at;
    entries.forEach((k, i) => {
      if (k.table) index[i]!.t = place(k.table);
    });
    // Offsets so far are from the start of the data; the data starts after the header and index, 8-aligned.
    let json = Buffer.from(JSON.stringify(index));
    const dataAt = (length: number): number => align(HEADER + length);
    let shift = dataAt(json.length);
    // Shifting the offsets can lengthen the index, which can move the data: until it stays put.
    for (;;) {
      json = Buffer.from(JSON.stringify(index.map((e) => ({ ...e, o: e.o + shift, t: e.t < 0 ? -1 : e.t + shift }))));
      const next = dataAt(json.length);
      if (next === shift) break;
      shift = next;
    }
    const head = Buffer.alloc(shift);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(json.length, 12);
    head.writeUInt32LE(tables + shift, 16);
    json.copy(head, HEADER);
    const body = Buffer.concat([head, ...parts]);
    body.writeUInt32LE(crc32(body.subarray(12, tables + shift)), 8);
    try {
      await writeAtomically(this.file, body);
      prune(join(this.file, '..'));
    } catch (e) {
      process.stderr.write(`validate: parse cache ${this.file} not written (${(e as Error).message})\n`);
    }
  }
}

/** Removes the least recently written packs beyond PACKS_KEPT (trees validated long ago, validators replaced). */
function prune(dir: string): void {
  const packs = readdirSync(dir)
    .filter((f) => f.endsWith('.pack'))
    .map((f) => ({ f, at: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of packs.slice(PACKS_KEPT)) rmSync(join(dir, f), { force: true });
}
