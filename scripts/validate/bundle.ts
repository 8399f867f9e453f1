// esbuild at run time, for code Node's module loader would load slowly or not at all: a worker
// thread's program (workers do not inherit tsx's loader), and the hundreds of small modules the
// Kubernetes schemas are split into (each costs a loader round trip, more under tsx's hooks, while
// esbuild reads them all in one pass in its own process). Every caller falls back to the module
// loader when esbuild cannot run.
import { createRequire } from 'node:module';

type Build = typeof import('esbuild').build;

let esbuild: Promise<Build | null> | null = null;

function loadEsbuild(): Promise<Build | null> {
  esbuild ??= import('esbuild').then((m) => m.build).catch(() => null);
  return esbuild;
}

/** `entry` (a file) and everything it imports, as one CommonJS script; null when esbuild fails. */
export async function bundleFile(entry: string): Promise<string | null> {
  const build = await loadEsbuild();
  if (!build) return null;
  try {
    const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    return r.outputFiles[0]?.text ?? null;
  } catch {
    return null;
  }
}

/**
 * The namespaces of the ES modules at `files` (absolute paths), index-aligned, evaluated from one
 * bundle instead of through the module loader; null when esbuild fails (the caller imports them).
 */
export async function loadBundled(files: string[]): Promise<Array<Record<string, unknown>> | null> {
  const build = await loadEsbuild();
  if (!build || files.length === 0) return files.length === 0 ? [] : null;
  try {
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
    const code = r.outputFiles[0]?.text;
    if (!code) return null;
    const module = { exports: {} as { default?: Array<Record<string, unknown>> } };
    // The modules are plain JavaScript from installed packages; a function scope runs them as CommonJS would.
    new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(import.meta.url));
    return module.exports.default ?? null;
  } catch {
    return null;
  }
}
