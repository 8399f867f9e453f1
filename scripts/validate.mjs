// @ts-check
// The entry of `npm run validate`. It runs scripts/validate.ts as plain JavaScript, built by
// scripts/validate/build.ts into node_modules/.cache/platform-validate: through tsx's loader the
// same run starts about a third of a second later. The build is remade whenever any file it was
// made from has changed (content hashes in its manifest), so an edit to the validator takes effect
// on the next run. This file is JavaScript because it is what runs before anything can compile.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.PLATFORM_VALIDATE_CACHE ?? join(repo, 'node_modules', '.cache', 'platform-validate');

/** The module to import when the build in the cache matches the sources, else null. */
function currentBuild() {
  try {
    /** @type {{ entry: string; inputs: Record<string, string> }} */
    const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8'));
    const same = Object.entries(manifest.inputs).every(([file, hash]) => createHash('sha1').update(readFileSync(join(repo, file))).digest('hex') === hash);
    return same ? join(cache, manifest.entry) : null;
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

let entry = currentBuild();
if (!entry) {
  const { tsImport } = await import('tsx/esm/api');
  try {
    /** @type {typeof import('./validate/build.ts')} */
    const { buildValidator } = await tsImport('./validate/build.ts', import.meta.url);
    entry = join(cache, (await buildValidator(cache)).entry);
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
if (entry) await import(pathToFileURL(entry).href);
