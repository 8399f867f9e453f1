// Finds the compiled JSON-schema validator for an apiVersion/kind: Kubernetes' own kinds from
// kubernetes-models, Argo CD's from @kubernetes-models/argo-cd. Both ship one ajv-compiled module
// per type, laid out as <package>/<group>/<version>/<Kind>.js, which each name their schema module.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** Packages holding compiled validators, by API group; the empty string is Kubernetes' own groups. */
const PACKAGES: Record<string, string> = { 'argoproj.io': '@kubernetes-models/argo-cd' };
const KUBERNETES = 'kubernetes-models';

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function moduleDir(group: string, version: string): { pkg: string; specifier: string } {
  const pkg = PACKAGES[group] ?? KUBERNETES;
  return { pkg, specifier: group ? `${pkg}/${group}/${version}` : `${pkg}/${version}` };
}

const packageRoots = new Map<string, string | null>();

/** A package's directory, resolved once: each resolution is a round trip to the module loader. */
function packageRoot(pkg: string): string | null {
  if (!packageRoots.has(pkg)) {
    try {
      packageRoots.set(pkg, dirname(fileURLToPath(import.meta.resolve(pkg))));
    } catch {
      packageRoots.set(pkg, null);
    }
  }
  return packageRoots.get(pkg)!;
}

/**
 * The file `<pkg>/<path>` names, or null if absent. These packages export every path as
 * `./<path>.js` (a directory as its index.js), so the file is found without the module loader.
 */
function resolveFile(specifier: string): string | null {
  const pkg = [KUBERNETES, ...Object.values(PACKAGES)].find((p) => specifier === p || specifier.startsWith(`${p}/`));
  const root = pkg ? packageRoot(pkg) : null;
  if (!pkg || !root) return null;
  const rest = specifier.slice(pkg.length + 1);
  for (const candidate of rest ? [`${rest}.js`, join(rest, 'index.js')] : ['index.js']) {
    const file = join(root, candidate);
    if (existsSync(file)) return file;
  }
  return null;
}

const cache = new Map<string, Promise<KindSchema | null>>();

interface SchemaModule {
  /** The compiled validator's module file. */
  file: string;
  pkg: string;
}

/** Where the compiled validator of a kind lives, or null when no installed package has one. */
function schemaModule(apiVersion: string, kind: string): SchemaModule | null {
  if (!/^[A-Za-z0-9]+$/.test(kind)) return null;
  const { group, version } = splitApiVersion(apiVersion);
  const { pkg, specifier } = moduleDir(group, version);
  const file = resolveFile(`${specifier}/${kind}`);
  if (!file) return null;
  const text = readFileSync(file, 'utf8');
  // Type modules (DeploymentSpec, ...) sit beside kinds; only a module declaring this kind counts.
  if (!text.includes(`this.kind="${kind}"`) || !text.includes(`this.apiVersion="${apiVersion}"`)) return null;
  const schemaImport = /from"(\.\.?\/[^"]*_schemas\/[^"]+\.js)"/.exec(text);
  return schemaImport ? { file: fileURLToPath(new URL(schemaImport[1]!, pathToFileURL(file))), pkg } : null;
}

async function importSchema(m: SchemaModule): Promise<KindSchema> {
  const mod = (await import(pathToFileURL(m.file).href)) as { validate: SchemaValidator };
  return { validate: mod.validate, source: m.pkg };
}

/** The validator for a kind, or null when no installed package has a schema for it. */
export function kindSchema(apiVersion: string, kind: string): Promise<KindSchema | null> {
  const key = `${apiVersion}/${kind}`;
  let hit = cache.get(key);
  if (!hit) {
    const m = schemaModule(apiVersion, kind);
    hit = m ? importSchema(m) : Promise.resolve(null);
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

/** Kinds an installed package knows in `apiVersion`, to suggest the intended one. */
export function knownKinds(apiVersion: string): string[] {
  const { group, version } = splitApiVersion(apiVersion);
  const { specifier } = moduleDir(group, version);
  const index = resolveFile(`${specifier}/index.js`) ?? resolveFile(specifier);
  if (!index) return [];
  const dir = dirname(index);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && f !== 'index.js')
    .map((f) => f.slice(0, -3))
    .filter((k) => readFileSync(`${dir}/${k}.js`, 'utf8').includes(`this.kind="${k}"`));
}

/** API versions in which an installed package knows `kind`, to suggest the intended apiVersion. */
export function versionsOfKind(kind: string, candidates: string[]): string[] {
  return candidates.filter((apiVersion) => {
    const { group, version } = splitApiVersion(apiVersion);
    const file = resolveFile(`${moduleDir(group, version).specifier}/${kind}`);
    return file !== null && readFileSync(file, 'utf8').includes(`this.kind="${kind}"`);
  });
}

let apiVersions: string[] | null = null;

/** Every apiVersion an installed package has schemas for. */
export function knownApiVersions(): string[] {
  if (apiVersions) return apiVersions;
  const out: string[] = [];
  for (const pkg of [KUBERNETES, ...Object.values(PACKAGES)]) {
    const index = resolveFile(pkg);
    if (!index) continue;
    const root = dirname(index);
    for (const group of readdirSync(root, { withFileTypes: true })) {
      if (!group.isDirectory() || group.name.startsWith('_') || group.name === 'github.com') continue;
      if (/^v\d/.test(group.name)) {
        out.push(group.name);
        continue;
      }
      for (const version of readdirSync(`${root}/${group.name}`, { withFileTypes: true })) {
        if (version.isDirectory()) out.push(`${group.name}/${version.name}`);
      }
    }
  }
  apiVersions = out;
  return out;
}
