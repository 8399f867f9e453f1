// What `npm run validate` runs: dist/validate.mjs (built from scripts/validate.ts by `npm run build`,
// which `npm ci` runs), after checking that the bundle still matches its sources. A bundle older than
// any of its sources is never run: it is rebuilt first (one line on stderr says so), and when it
// cannot be rebuilt the run stops with exit 2 and the command that rebuilds it.
//
// The check hashes every source file listed in dist/validate.inputs.json (about 10 ms); a new
// module can only enter the bundle through an import in a listed file, which changes that file.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BUNDLE, INPUTS, ROOT, sha256 } from './build-validate.mjs';
import { join } from 'node:path';

/** Why the bundle cannot be run as it is, or null when it matches its sources. */
function staleness() {
  let listed;
  try {
    listed = JSON.parse(readFileSync(INPUTS, 'utf8')).inputs;
  } catch (e) {
    return e.code === 'ENOENT' ? 'dist/validate.mjs has not been built' : `dist/validate.inputs.json cannot be read (${e.message})`;
  }
  for (const { path, sha256: built } of listed) {
    let now;
    try {
      now = sha256(readFileSync(join(ROOT, path)));
    } catch (e) {
      return `${path}, a source of dist/validate.mjs, cannot be read (${e.code ?? e.message})`;
    }
    if (now !== built) return `${path} changed since dist/validate.mjs was built`;
  }
  return null;
}

const stale = staleness();
if (stale) {
  process.stderr.write(`validate: ${stale}; rebuilding it (npm run build)\n`);
  try {
    const { buildValidator } = await import('./build-validate.mjs');
    await buildValidator();
  } catch (e) {
    process.stderr.write(`validate: could not rebuild dist/validate.mjs: ${e.message}\nRun \`npm run build\` in ${ROOT} and try again.\n`);
    process.exit(2);
  }
}
await import(pathToFileURL(BUNDLE).href);
