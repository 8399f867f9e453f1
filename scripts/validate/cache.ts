// Where the validator keeps what it may reuse between runs (results for unchanged inputs, lists read
// out of installed packages): $XDG_CACHE_HOME/platform-validate when that is set, else
// node_modules/.cache/platform-validate beside the installed packages, as eslint and babel keep
// theirs. The directory is private to the user (mode 0700): a cache is input to later runs.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, 'platform-validate') : join(PACKAGE_ROOT, 'node_modules', '.cache', 'platform-validate');
}

/** A file in the cache directory (which is created, private, on first use). */
export function cacheFile(name: string): string {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, name);
}

/**
 * Writes `data` to `file` aside and renames it into place, so a run that starts meanwhile never
 * reads half a file.
 */
export function writeAtomically(file: string, data: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, data, { mode: 0o600 });
  renameSync(staging, file);
}
