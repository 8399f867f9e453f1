// Unknown-field detection for Kubernetes' own kinds. The compiled schemas accept any extra key, as
// the API server silently drops them, so a typo like `imagePulPolicy` would deploy and do nothing.
// @kubernetes/client-node's generated models list every field of every type (attributeTypeMap);
// walking an object along those lists finds each key the API does not define. Argo CD's field
// lists, in the same notation, and those of the Kubernetes types added after the installed client-node
// (the last release for Node 20), are kept in pinned/fields.generated.ts and read before client-node's;
// those of the catalogue's kinds are in its bundles (pinned/<bundle>.generated.js), read when loaded.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir, writeAtomically } from '../cache.ts';
import { ARGO_CD_MODELS, KUBERNETES_MODELS } from './pinned/fields.generated.ts';
import { catalogueKind, loadCatalogue, splitApiVersion } from './schemas.ts';

interface Attribute {
  baseName: string;
  type: string;
}

/** How a field's value is shaped, parsed from client-node's type strings. */
type FieldType = { model: string } | { array: FieldType } | { map: FieldType } | 'leaf';

const LEAVES = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);

export function parseType(type: string): FieldType {
  const t = type.trim();
  const array = /^Array<(.+)>$/.exec(t);
  if (array) return { array: parseType(array[1]!) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) return { map: parseType(map[1]!) };
  if (LEAVES.has(t) || !/^[A-Z][A-Za-z0-9]*$/.test(t)) return 'leaf';
  return { model: t };
}

export interface UnknownField {
  path: Array<string | number>;
  /** Every field defined at that place, to suggest the intended one. */
  known: string[];
}

let modelsDir: string | null | undefined;

/** client-node's generated models directory, resolved once (each resolution is a round trip to the module loader). */
function clientNodeModels(): string | null {
  if (modelsDir === undefined) {
    try {
      modelsDir = join(dirname(fileURLToPath(import.meta.resolve('@kubernetes/client-node'))), 'gen', 'models');
    } catch {
      modelsDir = null;
    }
  }
  return modelsDir;
}

const models = new Map<string, Map<string, FieldType> | null>();

/** A model's attributeTypeMap, read from client-node's files (see clientNodeAttributes). */
function readAttributes(name: string, dir: string): Attribute[] | null | 'import' {
  const file = join(dir, `${name}.js`);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const literal = new RegExp(`${name}\\.attributeTypeMap = (\\[[\\s\\S]*?\\]);`).exec(text);
  if (literal) {
    try {
      return JSON.parse(literal[1]!) as Attribute[];
    } catch {
      // Not plain JSON after all: the module must be imported.
    }
  }
  return 'import';
}

/**
 * The attribute lists read in earlier runs, kept in the validator's cache (cache.ts) under a key of
 * client-node's models directory and its modification time, which npm changes when it installs
 * another version. A kind's models are a few hundred files: finding and reading them cost the main
 * thread about 30 ms a run, the stored lists about 2.
 */
class AttributeStore {
  private lists: Record<string, Attribute[] | null> = {};
  private file: string | null = null;
  private added = false;
  readonly loaded: Promise<void>;

  constructor(private readonly dir: string) {
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    const dir = await cacheDir('fields', true);
    if (!dir) return;
    const key = createHash('sha1').update(`${this.dir}\0${statSync(this.dir).mtimeMs}`).digest('hex');
    this.file = join(dir, `client-node-fields-${key}.json`);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') process.stderr.write(`validate: field lists ${this.file} not read (${(e as Error).message}); reading client-node's models\n`);
      return;
    }
    try {
      this.lists = JSON.parse(text) as Record<string, Attribute[] | null>;
    } catch (e) {
      process.stderr.write(`validate: field lists ${this.file} are damaged (${(e as Error).message}); reading client-node's models\n`);
    }
  }

  get(name: string): Attribute[] | null | undefined {
    return Object.hasOwn(this.lists, name) ? this.lists[name] : undefined;
  }

  set(name: string, attrs: Attribute[] | null): void {
    this.lists[name] = attrs;
    this.added = true;
  }

  /** Written whole or not at all, when a list was added; older stores go. One that cannot be written is said on stderr. */
  async save(): Promise<void> {
    const file = this.file;
    if (!file || !this.added) return;
    this.added = false;
    try {
      await writeAtomically(file, JSON.stringify(this.lists));
      for (const f of readdirSync(dirname(file))) if (f.startsWith('client-node-fields-') && f.endsWith('.json') && f !== basename(file)) rmSync(join(dirname(file), f), { force: true });
    } catch (e) {
      process.stderr.write(`validate: field lists not kept in ${file} (${(e as Error).message})\n`);
    }
  }
}

let store: AttributeStore | null = null;

/** Keeps the field lists read in this run for the next (the schema check calls it when done). */
export function saveFieldLists(): Promise<void> {
  return store ? store.save() : Promise.resolve();
}

/**
 * A model's attributeTypeMap. The generated modules assign it as a JSON array literal, read here
 * straight from the file: importing hundreds of modules costs far more than reading them.
 */
async function clientNodeAttributes(name: string, cache: boolean): Promise<Attribute[] | null> {
  const dir = clientNodeModels();
  if (!dir) return null;
  // Under --no-cache the lists are read from client-node's models, and the store is neither read nor written.
  const kept = cache ? (store ??= new AttributeStore(dir)) : null;
  await kept?.loaded;
  const known = kept?.get(name);
  if (known !== undefined) return known;
  const read = readAttributes(name, dir);
  if (read !== 'import') {
    kept?.set(name, read);
    return read;
  }
  const mod = (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as Record<string, { attributeTypeMap?: Attribute[] }>;
  return mod[name]?.attributeTypeMap ?? null;
}

/** The field lists of the catalogue's bundles loaded so far (their model names are unique across bundles). */
const catalogueModels = new Map<string, Record<string, string>>();

/** A model's field list kept in pinned/, or null when client-node's is the one to read. */
function pinnedAttributes(name: string): Attribute[] | null {
  const fields = Object.hasOwn(ARGO_CD_MODELS, name)
    ? ARGO_CD_MODELS[name]
    : Object.hasOwn(KUBERNETES_MODELS, name)
      ? KUBERNETES_MODELS[name]
      : catalogueModels.get(name);
  return fields ? Object.entries(fields).map(([baseName, type]) => ({ baseName, type })) : null;
}

/** Loads a model and, transitively, every model its fields refer to. */
async function loadModel(name: string, cache: boolean): Promise<boolean> {
  if (models.has(name)) return models.get(name) !== null;
  const pinned = pinnedAttributes(name);
  const attrs = pinned ?? (await clientNodeAttributes(name, cache));
  if (!attrs) {
    models.set(name, null);
    return false;
  }
  const fields = new Map(attrs.map((a) => [a.baseName, parseType(a.type)] as const));
  models.set(name, fields);
  const nested: string[] = [];
  const collect = (t: FieldType): void => {
    if (t === 'leaf') return;
    if ('model' in t) nested.push(t.model);
    else if ('array' in t) collect(t.array);
    else collect(t.map);
  };
  fields.forEach(collect);
  await Promise.all(nested.map((n) => loadModel(n, cache)));
  return true;
}

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * client-node names a kind's model after its version (`V1Deployment`), prefixing the group only when
 * two groups share a kind name (`CoreV1Event`, `EventsV1Event`).
 */
function modelCandidates(apiVersion: string, kind: string): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  if (group === 'argoproj.io') return [`ArgoCd${kind}`];
  const groupPrefix = group ? pascal(group.split('.')[0]!) : 'Core';
  return [`${groupPrefix}${pascal(version)}${kind}`, `${pascal(version)}${kind}`];
}

const roots = new Map<string, string | null>();

/**
 * The client-node model of a kind, loaded with everything it refers to; null when client-node has
 * none. `cache` false (`--no-cache`): the field lists kept by earlier runs are not read or written.
 */
export async function modelForKind(apiVersion: string, kind: string, cache: boolean): Promise<string | null> {
  const key = `${apiVersion}/${kind}`;
  if (roots.has(key)) return roots.get(key)!;
  let found: string | null = null;
  const catalogued = catalogueKind(apiVersion, kind);
  if (catalogued) {
    const { models: loaded } = await loadCatalogue(catalogued.bundle);
    for (const [name, fields] of Object.entries(loaded)) catalogueModels.set(name, fields);
  }
  for (const name of catalogued ? [catalogued.model] : modelCandidates(apiVersion, kind)) {
    if (await loadModel(name, cache)) {
      const fields = models.get(name)!;
      if (fields.has('apiVersion') && fields.has('kind')) {
        found = name;
        break;
      }
    }
  }
  roots.set(key, found);
  return found;
}

/** Every key of `value` that the model (and the models below it) does not define. */
export function unknownFields(model: string, value: unknown): UnknownField[] {
  const out: UnknownField[] = [];
  // One path, pushed and popped as the walk goes, copied only for an unknown field: this runs over
  // every field of every object, and nearly all of them are known.
  const path: Array<string | number> = [];
  const walk = (type: FieldType, v: unknown): void => {
    if (type === 'leaf' || v === null || v === undefined) return;
    if ('array' in type) {
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(type.array, v[i]);
        path.pop();
      }
      return;
    }
    if (typeof v !== 'object' || Array.isArray(v)) return;
    const record = v as Record<string, unknown>;
    // for-in rather than Object.keys: parsed objects have only their own keys, and V8 enumerates
    // same-shaped objects from a cache instead of allocating an array of keys for each.
    if ('map' in type) {
      for (const k in record) {
        path.push(k);
        walk(type.map, record[k]);
        path.pop();
      }
      return;
    }
    const fields = models.get(type.model);
    if (!fields) return;
    for (const k in record) {
      const fieldType = fields.get(k);
      path.push(k);
      if (fieldType === undefined) out.push({ path: [...path], known: [...fields.keys()] });
      else walk(fieldType, record[k]);
      path.pop();
    }
  };
  walk({ model }, value);
  return out;
}
