// Finds the compiled JSON-schema validator for an apiVersion/kind: Kubernetes' own kinds from
// kubernetes-models, laid out as kubernetes-models/<group>/<version>/<Kind>.mjs, which each name
// their schema module; Argo CD's kinds, and the Kubernetes kinds added after the installed
// kubernetes-models (the last release for Node 20), from the bundles kept in pinned/ (see
// pinned/generate.ts), which kinds.generated.ts lists without loading them; widely used operators'
// kinds (flux, cert-manager, Gateway API, prometheus-operator) from the catalogue, also in pinned/,
// for trees that use them without their CRDs (a tree's CRD is read first: check.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PINNED_KINDS } from './pinned/kinds.generated.ts';

/** An ajv-style error, as the compiled validators report them. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** Present when the validator was compiled with `verbose` (CRD schemas): names the valid properties. */
  parentSchema?: { properties?: Record<string, unknown> };
}

export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface KindSchema {
  validate: SchemaValidator;
  /** Where the schema comes from, for messages. */
  source: string;
}

const KUBERNETES = 'kubernetes-models';

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The path of an apiVersion's directory inside kubernetes-models: `apps/v1`, or `v1` for the core group. */
function versionPath(apiVersion: string): string {
  const { group, version } = splitApiVersion(apiVersion);
  return group ? `${group}/${version}` : version;
}

let packageRootCache: string | null | undefined;

/** kubernetes-models' directory, resolved once: each resolution is a round trip to the module loader. */
function packageRoot(): string | null {
  if (packageRootCache === undefined) {
    try {
      packageRootCache = dirname(fileURLToPath(import.meta.resolve(KUBERNETES)));
    } catch {
      packageRootCache = null;
    }
  }
  return packageRootCache;
}

/**
 * The ESM module of `kubernetes-models/<path>` (`<path>.mjs`), or null if absent: found on disk,
 * without the module loader.
 */
function resolveFile(path: string): string | null {
  const root = packageRoot();
  if (!root) return null;
  const file = join(root, `${path}.mjs`);
  return existsSync(file) ? file : null;
}

/** Whether a kubernetes-models module declares `kind` (type modules such as DeploymentSpec sit beside kinds). */
const declaresKind = (text: string, kind: string): boolean => text.includes(`.kind="${kind}"`);

/** The kinds kept in pinned/ for an apiVersion, with the bundle holding each. */
const pinnedKinds = (apiVersion: string): Record<string, string> => (Object.hasOwn(PINNED_KINDS, apiVersion) ? PINNED_KINDS[apiVersion]! : {});

const cache = new Map<string, Promise<KindSchema | null>>();

/** The compiled validator's module file of a kind in kubernetes-models, or null when it has none. */
function schemaModule(apiVersion: string, kind: string): string | null {
  if (!/^[A-Za-z0-9]+$/.test(kind)) return null;
  const file = resolveFile(`${versionPath(apiVersion)}/${kind}`);
  if (!file) return null;
  const text = readFileSync(file, 'utf8');
  if (!declaresKind(text, kind) || !text.includes(`.apiVersion="${apiVersion}"`)) return null;
  const schemaImport = /from"(\.\.?\/[^"]*_schemas\/[^"]+\.mjs)"/.exec(text);
  return schemaImport ? fileURLToPath(new URL(schemaImport[1]!, pathToFileURL(file))) : null;
}

async function importSchema(file: string): Promise<KindSchema> {
  const mod = (await import(pathToFileURL(file).href)) as { validate: SchemaValidator };
  return { validate: mod.validate, source: KUBERNETES };
}

/** A generated bundle of pinned/: its kinds' validators, keyed `<apiVersion>/<kind>`, and (the catalogue's) their field lists. */
interface PinnedBundle {
  validators: Record<string, SchemaValidator>;
  models?: Record<string, Record<string, string>>;
}

const bundles = new Map<string, Promise<PinnedBundle>>();

/**
 * `pinned/<file>.generated.js`, loaded once, when the first of its kinds is met. Imported through a
 * computed URL, which esbuild leaves alone: the bundles (megabytes) stay out of dist/validate.mjs,
 * which every run parses, `--help` included.
 */
function loadPinned(file: string): Promise<PinnedBundle> {
  let hit = bundles.get(file);
  if (!hit) {
    hit = import(new URL(`./pinned/${file}.generated.js`, import.meta.url).href) as Promise<PinnedBundle>;
    bundles.set(file, hit);
  }
  return hit;
}

/** A bundle of pinned/ by the name kinds.generated.ts gives it (`argo-cd`, `kubernetes`). */
const loadBundle = (name: string): Promise<PinnedBundle['validators']> => loadPinned(`${name}-validators`).then((m) => m.validators);

async function pinnedSchema(bundle: string, apiVersion: string, kind: string): Promise<KindSchema | null> {
  const validate = (await loadBundle(bundle))[`${apiVersion}/${kind}`];
  return validate ? { validate, source: `pinned/${bundle}` } : null;
}

type CatalogueKinds = Record<string, Record<string, readonly [bundle: string, model: string]>>;
interface CatalogueIndex {
  /** bundle -> the release it is made from (`@kubernetes-models/flux-cd 4.0.0`) */
  releases: Record<string, string>;
  kinds: CatalogueKinds;
}
let catalogueIndex: CatalogueIndex | undefined;

/** The catalogue's index (pinned/catalogue.generated.json), read once, when the first kind is looked up. */
function readCatalogueIndex(): CatalogueIndex {
  catalogueIndex ??= JSON.parse(readFileSync(new URL('./pinned/catalogue.generated.json', import.meta.url), 'utf8')) as CatalogueIndex;
  return catalogueIndex;
}

const allCatalogueKinds = (): CatalogueKinds => readCatalogueIndex().kinds;

/** The release the catalogue's schema of a kind comes from, or null when the kind is not the catalogue's. */
export function catalogueRelease(apiVersion: string, kind: string): string | null {
  const entry = catalogueKind(apiVersion, kind);
  return entry ? (readCatalogueIndex().releases[entry.bundle] ?? null) : null;
}

const catalogueKinds = (apiVersion: string): Record<string, readonly [bundle: string, model: string]> => {
  const all = allCatalogueKinds();
  return Object.hasOwn(all, apiVersion) ? all[apiVersion]! : {};
};

/** The catalogue's bundle holding a kind and the model of its field list there, or null when it has none. */
export function catalogueKind(apiVersion: string, kind: string): { bundle: string; model: string } | null {
  const kinds = catalogueKinds(apiVersion);
  return Object.hasOwn(kinds, kind) ? { bundle: kinds[kind]![0], model: kinds[kind]![1] } : null;
}

/** One bundle of the catalogue: its kinds' validators and their field lists. */
export type CatalogueBundle = Required<PinnedBundle>;

/** A bundle of the catalogue, loaded once, when the first of its kinds is met (see loadPinned). */
export const loadCatalogue = (bundle: string): Promise<CatalogueBundle> => loadPinned(bundle) as Promise<CatalogueBundle>;

async function catalogueSchema(bundle: string, apiVersion: string, kind: string): Promise<KindSchema | null> {
  const validate = (await loadCatalogue(bundle)).validators[`${apiVersion}/${kind}`];
  return validate ? { validate, source: `catalogue/${bundle}` } : null;
}

/** The validator for a kind, or null when neither kubernetes-models nor pinned/ (with the catalogue) has a schema for it. */
export function kindSchema(apiVersion: string, kind: string): Promise<KindSchema | null> {
  const key = `${apiVersion}/${kind}`;
  let hit = cache.get(key);
  if (!hit) {
    const pinned = pinnedKinds(apiVersion);
    const catalogued = catalogueKind(apiVersion, kind);
    if (Object.hasOwn(pinned, kind)) {
      hit = pinnedSchema(pinned[kind]!, apiVersion, kind);
    } else if (catalogued) {
      hit = catalogueSchema(catalogued.bundle, apiVersion, kind);
    } else {
      const file = schemaModule(apiVersion, kind);
      hit = file ? importSchema(file) : Promise.resolve(null);
    }
    cache.set(key, hit);
  }
  return hit;
}

/** Starts loading the validators of many kinds at once, so their imports overlap with other work. */
export function prefetchSchemas(kinds: Iterable<{ apiVersion: string; kind: string }>): Promise<void> {
  const loading: Array<Promise<KindSchema | null>> = [];
  for (const { apiVersion, kind } of kinds) loading.push(kindSchema(apiVersion, kind));
  // A schema that fails to load is reported by the schema check, which asks for it again.
  return Promise.allSettled(loading).then(() => undefined);
}

/** Kinds known in `apiVersion`, to suggest the intended one. */
export function knownKinds(apiVersion: string): string[] {
  const pinned = [...Object.keys(pinnedKinds(apiVersion)), ...Object.keys(catalogueKinds(apiVersion))];
  const index = resolveFile(`${versionPath(apiVersion)}/index`);
  if (!index) return pinned;
  const dir = dirname(index);
  const installed = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs') && f !== 'index.mjs')
    .map((f) => f.slice(0, -4))
    .filter((k) => declaresKind(readFileSync(join(dir, `${k}.mjs`), 'utf8'), k));
  return [...new Set([...installed, ...pinned])];
}

/**
 * API versions in which `kind` is known, to suggest the intended apiVersion for one written with
 * `asked`. The catalogue's are suggested in `asked`'s group only: operators reuse each other's kind
 * names (Istio's Gateway is not Gateway API's), and a kind of another group is most likely the CRD
 * of an operator the catalogue does not know.
 */
export function versionsOfKind(kind: string, candidates: string[], asked?: string): string[] {
  const group = asked === undefined ? undefined : splitApiVersion(asked).group;
  return candidates.filter((apiVersion) => {
    if (Object.hasOwn(pinnedKinds(apiVersion), kind)) return true;
    if (Object.hasOwn(catalogueKinds(apiVersion), kind)) return group === undefined || splitApiVersion(apiVersion).group === group;
    const file = resolveFile(`${versionPath(apiVersion)}/${kind}`);
    return file !== null && declaresKind(readFileSync(file, 'utf8'), kind);
  });
}

let apiVersions: string[] | null = null;

/** Every apiVersion kubernetes-models or pinned/ (with the catalogue) has schemas for. */
export function knownApiVersions(): string[] {
  if (apiVersions) return apiVersions;
  const out: string[] = [];
  const root = packageRoot();
  if (root) {
    for (const group of readdirSync(root, { withFileTypes: true })) {
      if (!group.isDirectory() || group.name.startsWith('_') || group.name === 'node_modules') continue;
      if (/^v\d/.test(group.name)) {
        out.push(group.name);
        continue;
      }
      for (const version of readdirSync(join(root, group.name), { withFileTypes: true })) {
        if (version.isDirectory()) out.push(`${group.name}/${version.name}`);
      }
    }
  }
  apiVersions = [...new Set([...out, ...Object.keys(PINNED_KINDS), ...Object.keys(allCatalogueKinds())])];
  return apiVersions;
}
