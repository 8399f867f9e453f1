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

let entry = currentBuild();
if (!entry) {
  const { tsImport } = await import('tsx/esm/api');
  try {
    /** @type {typeof import('./validate/build.ts')} */
    const { buildValidator } = await tsImport('./validate/build.ts', import.meta.url);
    entry = join(cache, (await buildValidator(cache)).entry);
  } catch (e) {
    // A cache that cannot be written (a read-only node_modules) costs speed, not the run.
    process.stderr.write(`validate: running through tsx, as the build in ${cache} could not be made: ${e instanceof Error ? e.message : String(e)}\n`);
    await tsImport('./validate.ts', import.meta.url);
  }
}
if (entry) await import(pathToFileURL(entry).href);
