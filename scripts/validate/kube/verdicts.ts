// The Kubernetes schema check's verdicts on plain manifests, kept between runs per file, as eslint
// keeps its results: a file whose text has not changed is not checked against its schemas again.
// On a warm run of a large tree the schema check (loading each kind's compiled validator, running it,
// walking the field lists) was a quarter of the time.
//
// A verdict depends on the file's text, on what the run is checked against and on nothing else:
// - the store's name covers the validator's own code (the pinned schemas and field lists with it),
//   kubernetes-models' and @kubernetes/client-node's installed identities, and the tree's path;
// - `context` covers the run's settings: the Kubernetes version, validate.config.yaml's skipped kinds,
//   and the kinds the tree's CRDs define (a CRD can turn an unknown kind into a known one);
// - a file with an object checked against a CRD's schema is never kept: the CRD's text can change
//   while the file's does not.
// Rendered objects are not kept here (their renders are, render-cache.ts).
//
// One file per tree in the validator's cache (cache.ts): a CRC-32 line, then the JSON. A damaged
// store is said on stderr and every file is checked.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { cacheDir, cacheKey, contentHash, writeAtomically } from '../cache.ts';
import { packageIdentity, validatorCodeKey } from '../checks/result-cache.ts';
import type { Severity, SourceFile, SourceLocation } from '../types.ts';

/** One finding of the schema check on one object, before findings repeated across renders are merged. */
export interface Verdict {
  location: SourceLocation;
  severity: Severity;
  rule: string;
  message: string;
  /** The object, as the report names it (`Deployment team/api`). */
  shown: string;
}

interface Stored {
  context: string;
  /** path → [SHA-256 of the text, the findings of its objects in order] */
  files: Record<string, [string, Verdict[]]>;
}

export class SchemaVerdicts {
  private readonly kept = new Map<string, [string, Verdict[]]>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly context: string,
    private readonly stored: Stored['files'],
    /** A run over part of the tree: the verdicts on files it did not check stay kept. */
    private readonly partial: boolean,
  ) {}

  /**
   * The verdicts kept for the tree at `root` under the run's `context`; null under --no-cache or when
   * the cache directory cannot be used (cache.ts says why). A missing store is an empty one.
   */
  static async open(root: string, context: string, cache: boolean, partial = false): Promise<SchemaVerdicts | null> {
    const dir = await cacheDir('schema', cache);
    if (!dir) return null;
    const name = cacheKey(validatorCodeKey(), packageIdentity('kubernetes-models'), packageIdentity('@kubernetes/client-node'), process.version, root);
    const file = join(dir, `${name}.json`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') process.stderr.write(`validate: schema verdicts ${file} not read (${(e as Error).message}); checking every file\n`);
      return new SchemaVerdicts(file, context, {}, partial);
    }
    const stored = readStored(text);
    if (typeof stored === 'string') {
      process.stderr.write(`validate: schema verdicts ${file} are damaged: ${stored}; checking every file\n`);
      return new SchemaVerdicts(file, context, {}, partial);
    }
    return new SchemaVerdicts(file, context, stored.context === context ? stored.files : {}, partial);
  }

  /** The findings kept for an unchanged file, or null when it must be checked. */
  get(file: SourceFile): Verdict[] | null {
    const hit = Object.hasOwn(this.stored, file.path) ? this.stored[file.path]! : undefined;
    if (!hit || hit[0] !== contentHash(file)) return null;
    this.kept.set(file.path, hit);
    return hit[1];
  }

  put(file: SourceFile, verdicts: Verdict[]): void {
    this.kept.set(file.path, [contentHash(file), verdicts]);
    this.changed = true;
  }

  /** Written when a file was checked afresh or is gone; one that cannot be written is said on stderr. */
  async save(): Promise<void> {
    if (this.partial) for (const [path, kept] of Object.entries(this.stored)) if (!this.kept.has(path)) this.kept.set(path, kept);
    if (!this.changed && this.kept.size === Object.keys(this.stored).length) return;
    const json = JSON.stringify({ context: this.context, files: Object.fromEntries(this.kept) } satisfies Stored);
    try {
      await writeAtomically(this.file, `${crc32(json)}\n${json}`);
    } catch (e) {
      process.stderr.write(`validate: schema verdicts not kept in ${this.file} (${(e as Error).message})\n`);
    }
  }
}

/** The store's content, or why it cannot be used. */
function readStored(text: string): Stored | string {
  const newline = text.indexOf('\n');
  if (newline < 0) return 'it is cut short';
  const json = text.slice(newline + 1);
  if (String(crc32(json)) !== text.slice(0, newline)) return 'its checksum does not match';
  try {
    const stored = JSON.parse(json) as Stored;
    return typeof stored.context === 'string' && stored.files && typeof stored.files === 'object' ? stored : 'it is not a verdict store';
  } catch (e) {
    return `it does not read (${(e as Error).message})`;
  }
}
