// Source files by path, read and parsed once per run and shared by every step that maps a finding
// back to where it was written: the render, the schema check and the cross-checks. Files outside
// the validated paths (a base reached from a named overlay) are read on demand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from './discover.ts';
import { type FieldPath, pointerOf, valueAtPath } from './paths.ts';
import { parseFile, type ParsedDoc, type ParsedFile } from './parse.ts';
import type { Context, KubeObject, SourceFile, SourceLocation, Sources } from './types.ts';

export class SourceIndex implements Sources {
  private readonly extra = new Map<string, ParsedFile | null>();
  private readonly texts = new Map<string, string | null>();
  private readonly known: ReadonlyMap<string, SourceFile>;

  constructor(
    readonly root: string,
    private readonly parsed: ReadonlyMap<string, ParsedFile>,
    files: readonly SourceFile[] = [],
  ) {
    this.known = new Map(files.map((f) => [f.path, f]));
  }

  /** An index over a context built by hand (tests): its files are parsed when first asked for. */
  static forContext(ctx: Pick<Context, 'root' | 'files'>): SourceIndex {
    return new SourceIndex(ctx.root, new Map(), ctx.files);
  }

  /** A file's text: as discovered, else read from disk; undefined when it does not exist. */
  text(path: string): string | undefined {
    const known = this.parsed.get(path)?.file.text ?? this.known.get(path)?.text;
    if (known !== undefined) return known;
    if (!this.texts.has(path)) {
      this.texts.set(path, readIfPresent(join(this.root, path)));
    }
    return this.texts.get(path) ?? undefined;
  }

  get(path: string): ParsedFile | null {
    const known = this.parsed.get(path) ?? this.extra.get(path);
    if (known !== undefined) return known;
    const text = this.text(path);
    const kind = classify(path);
    const result = text !== undefined && (kind === 'yaml' || kind === 'json') ? parseFile({ path, absPath: join(this.root, path), kind, text }).parsed : null;
    this.extra.set(path, result);
    return result;
  }

  /**
   * The document in `path` that declares the object: same kind, and a name that the rendered name
   * contains (kustomize adds prefixes, suffixes and hashes). Falls back to the only doc of that kind,
   * unless `byNameOnly`: a patch file's only Deployment patches some Deployment, not every one.
   */
  findObject(path: string, kind: string, renderedName: string, byNameOnly = false): ParsedDoc | null {
    const file = this.get(path);
    if (!file) return null;
    const sameKind = file.docs.filter((d) => objectField(d.value, 'kind') === kind);
    const named = sameKind.filter((d) => {
      const name = objectName(d.value);
      return name !== undefined && (name === renderedName || renderedName.includes(name));
    });
    // The longest contained name is the most specific match (`kafka` vs `kafka-headless`).
    named.sort((a, b) => (objectName(b.value)?.length ?? 0) - (objectName(a.value)?.length ?? 0));
    return named[0] ?? (!byNameOnly && sameKind.length === 1 ? sameKind[0]! : null);
  }

  /** Where `fieldPath` is written in the object's document; null when the file or path is not there. */
  locateField(path: string, doc: ParsedDoc, fieldPath: FieldPath): (SourceLocation & { exact: boolean }) | null {
    const file = this.get(path);
    if (!file) return null;
    const at = doc.locate(fieldPath);
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
   * the object's own document; then a patch that writes the field with a value a transformer changed
   * afterwards (a name kustomize suffixed with a hash); else the nearest enclosing field the object's
   * document has, or the object's own line.
   */
  locateObjectField(obj: KubeObject, fieldPath: FieldPath): SourceLocation {
    const rendered = valueAtPath(obj.body, fieldPath);
    const patches = [...(obj.patchedBy ?? [])].reverse();
    const inPatch = (sameValueOnly: boolean): SourceLocation | null => {
      for (const patch of patches) {
        const operation = sameValueOnly ? this.inOperations(patch, obj, fieldPath, rendered) : null;
        if (operation) return operation;
        const patchDoc = this.findObject(patch, obj.kind, obj.name, true);
        if (!patchDoc || (sameValueOnly && !sameValue(valueAtPath(patchDoc.value, fieldPath), rendered))) continue;
        const hit = this.locateField(patch, patchDoc, fieldPath);
        if (hit?.exact) return { file: hit.file, line: hit.line, column: hit.column };
      }
      return null;
    };
    const patched = inPatch(true);
    if (patched) return patched;
    const doc = this.sourceDoc(obj);
    const own = doc ? this.locateField(obj.source.file, doc, fieldPath) : null;
    if (own?.exact) return { file: own.file, line: own.line, column: own.column };
    const added = inPatch(false);
    if (added) return added;
    return own ? { file: own.file, line: own.line, column: own.column } : obj.source;
  }

  /**
   * A JSON 6902 patch (a list of operations) that wrote the field: the `value` of an add or replace
   * at the field's pointer with the rendered value. The file does not name its target (the
   * kustomization does), so only that exact value at that exact pointer counts.
   */
  private inOperations(patch: string, obj: KubeObject, fieldPath: FieldPath, rendered: unknown): SourceLocation | null {
    const doc = this.get(patch)?.docs[0];
    if (!doc || !Array.isArray(doc.value)) return null;
    const pointer = pointerOf(obj.body, fieldPath);
    if (pointer === undefined) return null;
    const i = doc.value.findIndex((op: unknown) => {
      const kind = objectField(op, 'op');
      return (kind === 'add' || kind === 'replace') && objectField(op, 'path') === pointer && sameValue(objectField(op, 'value'), rendered);
    });
    if (i < 0) return null;
    const at = doc.locate([i, 'value']);
    return { file: patch, line: at.line, column: at.column };
  }

  /** A field of a plain YAML file (a compose file, a config), by path within one of its documents. */
  locateInFile(path: string, fieldPath: FieldPath, docIndex = 0): SourceLocation {
    const file = this.get(path);
    const doc = file?.docs[docIndex];
    if (!file || !doc) return { file: path, line: 1, column: 1 };
    const at = doc.locate(fieldPath);
    return { file: path, line: at.line, column: at.column };
  }
}

/** A file's text, or null when there is no such file (or it is a directory); any other failure (EACCES) says which file and why. */
function readIfPresent(abs: string): string | null {
  try {
    return readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw new Error(`${abs}: cannot be read (${code ?? (e as Error).message})`);
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

/**
 * KubeObject.name: metadata.name, or for an object that has only metadata.generateName (a Job
 * created with `kubectl create`, say) that prefix and `*`, the part the API server completes, so
 * that messages name the object (`Job report-*`). No real name contains `*`, so it matches no reference.
 */
export function shownName(value: unknown): string {
  const name = objectName(value);
  if (name) return name;
  const prefix = objectField(objectField(value, 'metadata'), 'generateName');
  return typeof prefix === 'string' && prefix ? `${prefix}*` : '';
}
