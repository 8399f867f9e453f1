// Turns "this field of this rendered object" into a line of the file it was written in.
// A rendered object only knows the document it came from; the field may have been added by a
// patch, so the walk stops at the deepest node the source document still has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { walkPath } from '../../lib/yaml-locate.ts';
import type { KubeObject, ObjectContext, SourceLocation } from '../types.ts';
import type { FieldPath } from './kube.ts';

interface ParsedFile {
  text: string;
  docs: Document.Parsed[];
  lines: LineCounter;
}

/** Reads repository files once per run, from the discovered files or else from disk. */
export class SourceFiles {
  private readonly cache = new Map<string, ParsedFile | null>();
  constructor(private readonly ctx: Pick<ObjectContext, 'root' | 'files'>) {}

  text(path: string): string | undefined {
    const known = this.ctx.files.find((f) => f.path === path);
    if (known) return known.text;
    try {
      return readFileSync(join(this.ctx.root, path), 'utf8');
    } catch {
      return undefined;
    }
  }

  parsed(path: string): ParsedFile | undefined {
    if (!this.cache.has(path)) {
      const text = this.text(path);
      if (text === undefined) this.cache.set(path, null);
      else {
        const lines = new LineCounter();
        const docs = parseAllDocuments(text, { lineCounter: lines, merge: true }) as Document.Parsed[] | { empty: true };
        this.cache.set(path, { text, docs: Array.isArray(docs) ? docs : [], lines });
      }
    }
    return this.cache.get(path) ?? undefined;
  }
}

export function nodeLocation(file: string, lines: LineCounter, node: Node | null | undefined): SourceLocation | undefined {
  const start = node?.range?.[0];
  if (start === undefined) return undefined;
  const { line, col } = lines.linePos(start);
  return { file, line, column: col };
}

/** The source document an object came from: the document that spans the object's source line. */
function documentAt(parsed: ParsedFile, line: number): Document.Parsed | undefined {
  let best: Document.Parsed | undefined;
  for (const doc of parsed.docs) {
    const start = doc.contents?.range?.[0];
    if (start === undefined) continue;
    const docLine = parsed.lines.linePos(start).line;
    if (docLine <= line) best = doc;
  }
  return best;
}

export class Locator {
  constructor(readonly files: SourceFiles) {}

  /**
   * The object's source, refined to the line of `path` when the source document holds that field.
   * When `expected` (the rendered scalar) is given and a patch of the object sets the field to it,
   * the patch's line wins: that is where the value was written.
   */
  field(o: KubeObject, path: FieldPath, expected?: string | number | boolean): SourceLocation {
    const fallback = { ...o.source };
    if (path.length === 0) return fallback;
    if (expected !== undefined) {
      for (const patch of [...(o.patchedBy ?? [])].reverse()) {
        const hit = this.inPatch(o, patch, path, expected);
        if (hit) return hit;
      }
    }
    const parsed = this.files.parsed(o.source.file);
    const doc = parsed && documentAt(parsed, o.source.line);
    const own = doc ? walkPath(doc.contents, path) : undefined;
    if (parsed && own?.complete) return nodeLocation(o.source.file, parsed.lines, own.at) ?? fallback;
    // Not written in the object's own document: a patch may have added it.
    for (const patch of [...(o.patchedBy ?? [])].reverse()) {
      const hit = this.inPatch(o, patch, path, undefined);
      if (hit) return hit;
    }
    const loc = parsed && own ? nodeLocation(o.source.file, parsed.lines, own.at) : undefined;
    return loc && loc.line >= o.source.line ? loc : fallback;
  }

  /** The field in a patch document of the object, when the patch writes it (with `expected`, when given). */
  private inPatch(o: KubeObject, patch: string, path: FieldPath, expected: string | number | boolean | undefined): SourceLocation | undefined {
    const parsed = this.files.parsed(patch);
    for (const doc of parsed?.docs ?? []) {
      const js = doc.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null;
      const name = js?.metadata?.name;
      // Patches name the object before any namePrefix/nameSuffix of the overlay.
      if (js?.kind !== o.kind || (typeof name === 'string' && !o.name.includes(name))) continue;
      const r = walkPath(doc.contents, path);
      if (!r.complete) continue;
      if (expected !== undefined && !(isScalar(r.value) && String(r.value.value) === String(expected))) continue;
      const loc = nodeLocation(patch, (parsed as ParsedFile).lines, r.at);
      if (loc) return loc;
    }
    return undefined;
  }

  /** A field of a plain YAML file (compose, config files), found by path from the first document. */
  inFile(file: string, path: FieldPath, docIndex = 0): SourceLocation {
    const parsed = this.files.parsed(file);
    const doc = parsed?.docs[docIndex];
    if (!parsed || !doc) return { file, line: 1, column: 1 };
    const { at } = walkPath(doc.contents, path);
    return nodeLocation(file, parsed.lines, at) ?? { file, line: 1, column: 1 };
  }

  /** The first occurrence of `needle` in a text file (a config whose value is wrong), else line 1. */
  text(file: string, needle: string, after = 0): SourceLocation {
    const text = this.files.text(file) ?? '';
    const at = needle ? text.indexOf(needle, after) : -1;
    if (at < 0) return { file, line: 1, column: 1 };
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { file, line, column: at - before.lastIndexOf('\n') };
  }
}
