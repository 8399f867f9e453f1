// Parsed source files by path, shared by the steps that map rendered objects back to where they were
// written. Files outside the validated paths (a base reached from a named overlay) are read on demand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from './discover.ts';
import { valueAtPath } from '../lib/yaml-locate.ts';
import { type FieldPath, locate } from './locate.ts';
import { parseFile, type ParsedDoc, type ParsedFile } from './parse.ts';
import type { KubeObject, SourceLocation } from './types.ts';

export class SourceIndex {
  private readonly extra = new Map<string, ParsedFile | null>();

  constructor(
    readonly root: string,
    private readonly parsed: Map<string, ParsedFile>,
  ) {}

  get(path: string): ParsedFile | null {
    const known = this.parsed.get(path) ?? this.extra.get(path);
    if (known !== undefined) return known;
    let result: ParsedFile | null = null;
    try {
      const absPath = join(this.root, path);
      const text = readFileSync(absPath, 'utf8');
      const kind = classify(path);
      result = kind === 'yaml' || kind === 'json' ? parseFile({ path, absPath, kind, text }).parsed : null;
    } catch {
      result = null;
    }
    this.extra.set(path, result);
    return result;
  }

  /**
   * The document in `path` that declares the object: same kind, and a name that the rendered name
   * contains (kustomize adds prefixes, suffixes and hashes). Falls back to the only doc of that kind.
   */
  findObject(path: string, kind: string, renderedName: string): ParsedDoc | null {
    const file = this.get(path);
    if (!file) return null;
    const sameKind = file.docs.filter((d) => objectField(d.value, 'kind') === kind);
    const named = sameKind.filter((d) => {
      const name = objectName(d.value);
      return name !== undefined && (name === renderedName || renderedName.includes(name));
    });
    // The longest contained name is the most specific match (`kafka` vs `kafka-headless`).
    named.sort((a, b) => (objectName(b.value)?.length ?? 0) - (objectName(a.value)?.length ?? 0));
    return named[0] ?? (sameKind.length === 1 ? sameKind[0]! : null);
  }

  /** Where `fieldPath` is written in the object's document; null when the file or path is not there. */
  locateField(path: string, doc: ParsedDoc, fieldPath: FieldPath): (SourceLocation & { exact: boolean }) | null {
    const file = this.get(path);
    if (!file) return null;
    const at = locate(doc, file.lineCounter, fieldPath);
    return { file: path, line: at.line, column: at.column, exact: at.depth === fieldPath.length };
  }

  /** The document an object came from: the one starting at its source line, else by kind and name. */
  private sourceDoc(obj: KubeObject): ParsedDoc | null {
    const file = this.get(obj.source.file);
    return file?.docs.find((d) => d.line === obj.source.line) ?? this.findObject(obj.source.file, obj.kind, obj.name);
  }

  /**
   * Where a field of an object is written. A patch that sets the field to the rendered value wins
   * over the object's own document (patches apply last; the outermost overlay's last of all); then
   * the object's own document; else the nearest enclosing field that the document has.
   */
  locateObjectField(obj: KubeObject, fieldPath: FieldPath): SourceLocation {
    const rendered = valueAtPath(obj.body, fieldPath);
    for (const patch of [...(obj.patchedBy ?? [])].reverse()) {
      const patchDoc = this.findObject(patch, obj.kind, obj.name);
      if (!patchDoc || !sameValue(valueAtPath(patchDoc.value, fieldPath), rendered)) continue;
      const hit = this.locateField(patch, patchDoc, fieldPath);
      if (hit?.exact) return { file: hit.file, line: hit.line, column: hit.column };
    }
    const doc = this.sourceDoc(obj);
    const own = doc ? this.locateField(obj.source.file, doc, fieldPath) : null;
    return own ? { file: own.file, line: own.line, column: own.column } : obj.source;
  }
}

/** Equal as JSON: a patch's partial object is not the merged result, a scalar it sets is. */
const sameValue = (a: unknown, b: unknown): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

export function objectField(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

export function objectName(value: unknown): string | undefined {
  const name = objectField(objectField(value, 'metadata'), 'name');
  return typeof name === 'string' ? name : undefined;
}
