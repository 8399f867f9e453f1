// Finds the kinds a kubernetes-models package declares and bundles their compiled validators into
// one self-contained module: the validators, the apimachinery validators they call and the format
// checks of @kubernetes-models/validate, with no import left to resolve at validation time.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** A kind a package declares, and the module of its compiled validator. */
export interface DeclaredKind {
  apiVersion: string;
  kind: string;
  /** Absolute path of the validator's module. */
  schema: string;
}

const KIND = /\.kind="([A-Za-z0-9]+)"/;
const API_VERSION = /\.apiVersion="([^"]+)"/;
const SCHEMA_IMPORT = /from"(\.\.?\/[^"]*_schemas\/[^"]+\.m?js)"/;

/**
 * Every kind a kubernetes-models package declares. Both module layouts count: ESM-only packages
 * (`.js`, `static{this.kind="Deployment"}`) and the dual ones (`.mjs`, `Deployment.kind="Deployment"`).
 */
export function declaredKinds(packageDir: string): DeclaredKind[] {
  const out: DeclaredKind[] = [];
  const visit = (dir: string, depth: number): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (depth < 2 && !entry.name.startsWith('_') && entry.name !== 'node_modules') visit(join(dir, entry.name), depth + 1);
        continue;
      }
      const ext = /\.(m?js)$/.exec(entry.name)?.[1];
      if (!ext || entry.name.startsWith('index.')) continue;
      // A dual package has both: its .mjs twin names the ESM validator.
      if (ext === 'js' && readdirSync(dir).includes(`${entry.name.slice(0, -3)}.mjs`)) continue;
      const text = readFileSync(join(dir, entry.name), 'utf8');
      const kind = KIND.exec(text)?.[1];
      const apiVersion = API_VERSION.exec(text)?.[1];
      const schema = SCHEMA_IMPORT.exec(text)?.[1];
      if (kind && apiVersion && schema && entry.name === `${kind}.${ext}`) out.push({ apiVersion, kind, schema: join(dir, schema) });
    }
  };
  visit(packageDir, 0);
  return out.sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`));
}

/**
 * One ESM module exporting `validators`, keyed `<apiVersion>/<kind>`, resolved from `workDir` (where
 * the packages are installed). `banner` is its first lines. Whitespace is minified, names are kept:
 * a finding's stack, should a validator throw, still reads. `more` is appended to the module's source.
 */
/**
 * Validators of CRD-made packages match a `pattern` with RE2 (Go's syntax, as the API server reads
 * it) through @kubernetes-models/validate's runtime/re2, which loads re2-wasm's .wasm file from
 * beside itself: a file a bundle cannot carry. The validator matches CRD patterns with re2js already
 * (crd.ts), so the bundle asks re2js, the validator's own dependency, instead.
 */
const re2WithRe2js: Plugin = {
  name: 're2-with-re2js',
  setup(b) {
    b.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({ path: 're2', namespace: 're2js-shim' }));
    b.onLoad({ filter: /.*/, namespace: 're2js-shim' }, () => ({
      contents: "import { RE2JS } from 're2js';\nexport default function RE2(pattern) { return RE2JS.compile(pattern); }\n",
      loader: 'js',
    }));
  },
};

export async function bundleValidators(kinds: DeclaredKind[], workDir: string, banner: string, more = ''): Promise<string> {
  const imports = kinds.map((k, i) => `import { validate as v${i} } from ${JSON.stringify(`./${relative(workDir, k.schema)}`)};`);
  const entries = kinds.map((k, i) => `  ${JSON.stringify(`${k.apiVersion}/${k.kind}`)}: v${i},`);
  const result = await build({
    stdin: { contents: `${imports.join('\n')}\nexport const validators = {\n${entries.join('\n')}\n};\n${more}`, resolveDir: workDir, sourcefile: 'validators.js' },
    absWorkingDir: workDir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'eof',
    // Bundled CommonJS code requires Node's built-ins (punycode, for the idn formats), which an ES module
    // must be given a require for.
    banner: { js: `${banner}\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);` },
    external: ['re2js'],
    plugins: [re2WithRe2js],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}
