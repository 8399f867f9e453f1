// esbuild at run time, for the hundreds of small modules the Kubernetes schemas are split into:
// each costs a module-loader round trip (more under tsx's hooks), while esbuild reads them all in
// one pass in its own process, and the bundle is kept for the next run. The caller falls back to
// the module loader when esbuild cannot run.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileWithCodeCache, writeAtomically } from '../lib/code-cache.mjs';
import { importAtRunTime } from '../lib/run-time-import.ts';

type Build = typeof import('esbuild').build;

let esbuild: Promise<Build | null> | null = null;

function loadEsbuild(): Promise<Build | null> {
  esbuild ??= importAtRunTime<typeof import('esbuild')>('esbuild').then((m) => m.build).catch(() => null);
  return esbuild;
}

/**
 * Where the prebuilt validator lives (scripts/validate/build.ts, run by scripts/validate.mjs):
 * node_modules/.cache/platform-validate, like other tools' caches, or PLATFORM_VALIDATE_CACHE (which
 * must also be inside node_modules/, where the built code finds the packages it imports).
 */
export function validatorCache(): string {
  const nodeModules = dirname(dirname(createRequire(import.meta.url).resolve('esbuild/package.json')));
  return process.env.PLATFORM_VALIDATE_CACHE ?? join(nodeModules, '.cache', 'platform-validate');
}

/** Where bundles of installed modules are kept between runs: beside the prebuilt validator, not in it (a rebuild replaces that). */
function modulesCache(): string | null {
  try {
    return `${validatorCache()}-modules`;
  } catch {
    return null;
  }
}

/**
 * A file in the modules cache (created on demand), for other run-to-run caches of what is read out
 * of installed packages; null when there is no cache.
 */
export function modulesCacheFile(name: string): string | null {
  const dir = modulesCache();
  return dir ? join(dir, name) : null;
}

/**
 * A cache key for the bundle of `files`: their paths, sizes and modification times, which change
 * whenever npm installs another version of the package (a bundle holds the files they import too,
 * which npm replaces along with them).
 */
function cacheKey(files: string[]): string {
  const hash = createHash('sha1');
  for (const f of files) {
    const info = statSync(f);
    hash.update(`${f}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

async function bundleModules(files: string[]): Promise<string | null> {
  const build = await loadEsbuild();
  if (!build) return null;
  const contents = `${files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`).join('\n')}\nexport default [${files.map((_, i) => `m${i}`).join(', ')}];`;
  const r = await build({
    stdin: { contents, resolveDir: process.cwd(), sourcefile: 'bundled-modules.js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]?.text ?? null;
}

/** Bundles kept: one per set of kinds a run meets, which in one repository rarely changes; tests meet many. */
export const MODULES_CACHE_LIMIT = 16;

/** Removes the least recently written bundles (and their code caches) beyond the limit. */
function pruneModulesCache(dir: string): void {
  const bundles = readdirSync(dir)
    .filter((f) => f.endsWith('.cjs'))
    .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of bundles.slice(MODULES_CACHE_LIMIT)) {
    rmSync(join(dir, f), { force: true });
    rmSync(join(dir, `${f}.v8`), { force: true });
  }
}

/**
 * The namespaces of the ES modules at `files` (absolute paths of installed packages), index-aligned,
 * evaluated from one bundle instead of through the module loader. The bundle is kept on disk, keyed
 * by the files, so later runs over the same kinds only read it. Null when esbuild fails (the caller
 * imports the modules instead).
 */
export async function loadBundled(files: string[]): Promise<Array<Record<string, unknown>> | null> {
  if (files.length === 0) return [];
  try {
    const dir = modulesCache();
    const cached = dir ? join(dir, `${cacheKey(files)}.cjs`) : null;
    let code = cached && existsSync(cached) ? readFileSync(cached, 'utf8') : null;
    if (code === null) {
      code = await bundleModules(files);
      if (code === null) return null;
      if (cached) {
        writeAtomically(cached, code);
        pruneModulesCache(dirname(cached));
      }
    }
    const module = { exports: {} as { default?: Array<Record<string, unknown>> } };
    // The modules are plain JavaScript from installed packages, run in a function scope as CommonJS
    // would. V8's code cache for the script is kept beside it (the bundle's name is its key):
    // compiling the validators' large generated functions is a good part of their cost on a first call.
    const script = compileWithCodeCache(`(function (module, exports, require) {${code}\n})`, cached ?? 'bundled-modules.js', cached ? `${cached}.v8` : null);
    (script.runInThisContext() as (m: unknown, e: unknown, r: unknown) => void)(module, module.exports, createRequire(import.meta.url));
    return module.exports.default ?? null;
  } catch {
    return null;
  }
}
