// @ts-check
// The entry of `npm run validate`. It runs scripts/validate.ts as plain JavaScript, built by
// scripts/validate/build.ts into node_modules/.cache/platform-validate and compiled from V8's code
// cache: through tsx's loader the same run starts about a third of a second later. The build is
// remade whenever any file it was made from has changed (sizes, modification times and content
// hashes in its manifest), so an edit to the validator takes effect on the next run. This file is
// JavaScript because it is what runs before anything can compile.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileWithCodeCache } from './lib/code-cache.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.PLATFORM_VALIDATE_CACHE ?? join(repo, 'node_modules', '.cache', 'platform-validate');

/** @typedef {import('./validate/build.ts').Manifest} Manifest */

/** The manifest of the build in the cache when that build matches the sources, else null. */
function currentBuild() {
  try {
    /** @type {Manifest} */
    const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8'));
    // The same size and modification time means the same content; otherwise the content decides
    // (a checkout rewrites files without changing them).
    const same = Object.entries(manifest.inputs).every(([file, hash]) => {
      const info = statSync(join(repo, file));
      return manifest.stamps?.[file] === `${info.size}:${info.mtimeMs}` || createHash('sha1').update(readFileSync(join(repo, file))).digest('hex') === hash;
    });
    return same ? manifest : null;
  } catch {
    return null;
  }
}

/**
 * esbuild's errors (file:line:column: message) when `e` is its build failure, else null.
 * @param {unknown} e
 * @returns {string[] | null}
 */
function buildErrors(e) {
  if (!(e instanceof Error) || !('errors' in e) || !Array.isArray(e.errors) || e.errors.length === 0) return null;
  /** @type {Array<{ text: string; location: { file: string; line: number; column: number } | null }>} */
  const errors = e.errors;
  return errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text));
}

/**
 * Runs the built validator (a CommonJS script) with V8's code cache kept beside it, named for the
 * build: compiling the validator anew was about 50 ms of every run, and Node 20 keeps no code cache
 * for ES modules. A script restored from the cache has no import() on Node 20, so the build imports
 * packages through this module's (the last parameter).
 * @param {Manifest} manifest
 */
function runBuilt(manifest) {
  const file = join(cache, manifest.entry);
  const params = 'exports, require, module, __filename, __dirname, __importMetaUrl, __importMetaResolve, __importAtRunTime';
  const script = compileWithCodeCache(`(function (${params}) {${readFileSync(file, 'utf8')}\n})`, file, `${file}.${manifest.entryHash}.v8`);
  const module = { exports: {} };
  /** @type {(...args: unknown[]) => void} */
  const run = script.runInThisContext();
  run(
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
    pathToFileURL(file).href,
    (/** @type {string} */ specifier) => import.meta.resolve(specifier),
    (/** @type {string} */ specifier) => import(specifier),
  );
}

let built = currentBuild();
if (!built) {
  const { tsImport } = await import('tsx/esm/api');
  try {
    /** @type {typeof import('./validate/build.ts')} */
    const { buildValidator } = await tsImport('./validate/build.ts', import.meta.url);
    built = await buildValidator(cache);
  } catch (e) {
    const compileErrors = buildErrors(e);
    if (compileErrors) {
      // A mistake in the validator's own source: tsx would stop on it too.
      process.stderr.write(`validate: the validator's source does not compile; fix it and run again:\n${compileErrors.join('\n')}\n`);
      process.exitCode = 2;
    } else {
      // A cache that cannot be written (a read-only node_modules) costs speed, not the run.
      process.stderr.write(`validate: running through tsx, as the build in ${cache} could not be made: ${e instanceof Error ? e.message : String(e)}\n`);
      await tsImport('./validate.ts', import.meta.url);
    }
  }
}
if (built) runBuilt(built);
