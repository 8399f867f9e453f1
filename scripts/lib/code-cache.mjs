// @ts-check
// Files the validator keeps between runs under node_modules/.cache, and V8's code cache for the
// scripts it compiles itself (the prebuilt validator, the bundle of Kubernetes schemas). JavaScript,
// not TypeScript, because scripts/validate.mjs needs it before anything can compile.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Writes `data` to `file` aside and renames it into place, so a run that starts meanwhile never
 * reads half a file.
 * @param {string} file
 * @param {string | NodeJS.ArrayBufferView} data
 */
export function writeAtomically(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, data);
  renameSync(staging, file);
}

/**
 * `source` compiled with the V8 code cache kept in `cacheFile`, when there is one. When there is
 * none yet, or V8 rejects it (another Node, other flags), a new one is written at exit, so that it
 * holds every function the run compiled, not only the top level. V8 checks a cache against the
 * source's length, not its content: `cacheFile` must be named for the source it belongs to.
 * @param {string} source
 * @param {string} filename
 * @param {string | null} cacheFile
 * @returns {Script}
 */
export function compileWithCodeCache(source, filename, cacheFile) {
  const cachedData = cacheFile && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(source, { filename, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) writeAtExit(cacheFile, script);
  return script;
}

/**
 * Scripts whose code cache is written at exit, by cache file. One exit listener serves them all: a
 * process that compiles many bundles (the tests do) would otherwise add a listener per bundle and
 * get Node's MaxListenersExceededWarning, and each listener would keep its script alive.
 * @type {Map<string, Script>}
 */
const toWrite = new Map();

/**
 * @param {string} cacheFile
 * @param {Script} script
 */
function writeAtExit(cacheFile, script) {
  if (toWrite.size === 0) {
    process.once('exit', () => {
      for (const [file, compiled] of toWrite) {
        try {
          writeAtomically(file, compiled.createCachedData());
        } catch {
          // A cache that cannot be written is only slower.
        }
      }
      toWrite.clear();
    });
  }
  toWrite.set(cacheFile, script);
}
