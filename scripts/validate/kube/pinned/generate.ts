// Writes the schema data the validator keeps in the repository instead of installing: the packages
// it comes from declare Node 22, and the project runs on Node 20 (see docs/validator.md, "Pinned
// schemas"). From pinned releases, installed into a temporary directory at generation time only:
//   - kubernetes-models: the compiled validators of the kinds the installed kubernetes-models (the
//     last release for Node 20) lacks, bundled into kubernetes-validators.generated.js;
//   - @kubernetes-models/argo-cd: the validators of every Argo CD kind, bundled into
//     argo-cd-validators.generated.js, and their field lists (read from its type declarations);
//   - @kubernetes/client-node: the field lists of the types the installed client-node lacks or
//     lists differently;
//   - the catalogue (CATALOGUE): the validators and field lists of flux's, cert-manager's, Gateway
//     API's and prometheus-operator's kinds, one bundle per package (<name>.generated.js), named in
//     catalogue.generated.json;
// and kinds.generated.ts, which names the kinds each bundle holds without loading it.
//
// Run: npx tsx scripts/validate/kube/pinned/generate.ts   (needs the npm registry; after changing PINNED
// or an installed kubernetes-models / @kubernetes/client-node)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argoCdFields } from './argo-cd-fields.ts';
import { bundleValidators, declaredKinds } from './bundle.ts';
import { packageFields } from './catalogue-fields.ts';
import { newerFields } from './client-node-fields.ts';

export const PINNED_DIR = dirname(fileURLToPath(import.meta.url));
export const COMMAND = 'npx tsx scripts/validate/kube/pinned/generate.ts';

/** The releases the kept data comes from. */
export const PINNED = {
  kubernetesModels: '5.1.0',
  argoCd: '4.0.0',
  clientNode: '2.0.1',
} as const;

/**
 * The catalogue: widely used operators' kinds, checked when a tree uses them without their CRDs
 * (see docs/validator.md, "The catalogue of operators' kinds"), from these @kubernetes-models
 * releases, each pinned by version and by its tarball's SHA-512 (the registry's `dist.integrity`).
 * Each becomes one bundle of validators and field lists, loaded when one of its kinds is met.
 */
export const CATALOGUE: Record<string, { version: string; integrity: string }> = {
  'flux-cd': { version: '4.0.0', integrity: 'sha512-/C/WIRCMUHhZLWzJk2oUW8VunCvd3FeRdU4MNxp4Skpc6Ny1SFFJWgpArhoRqWeEnSYpOd2a9a18D9tw4Gx23Q==' },
  'cert-manager': { version: '6.0.0', integrity: 'sha512-PvvzvJEnlEC64NC8HUUB4PFjFaBBNeYuO875Eu/FeMZN1OKm2DOXATRpo0WVCh5D2xbfhn30eUqKL3IrnQMX7w==' },
  'gateway-api': { version: '2.0.0', integrity: 'sha512-e7SY7EkCGRHy5wHkaGhP32v7V1L+gBalfoqZDFDWn5k9Q7+IW6uz9jNWgOZ9R/Hv5NWyAFYaA01ET2qsysVt5A==' },
  'prometheus-operator': { version: '6.0.0', integrity: 'sha512-ySNW4T6U6Vn86bmcJ/emmAYJ/UrzpNvzxWexWJSALwgiO4FqCgL6WoqFsOReSiMhw/LlF+MljQvoiwD3RnaGmg==' },
};

/** The catalogue package's tarball, fetched into `work`, as a `file:` dependency; refused unless its checksum is the pinned one. */
function pinnedTarball(name: string, work: string): string {
  const { version, integrity } = CATALOGUE[name]!;
  const tarball = run('npm', ['pack', `@kubernetes-models/${name}@${version}`, '--silent', '--prefer-offline'], work).trim().split('\n').pop()!;
  const actual = `sha512-${createHash('sha512').update(readFileSync(join(work, tarball))).digest('base64')}`;
  if (actual !== integrity) throw new Error(`@kubernetes-models/${name}@${version}: the tarball's checksum is ${actual}, not the pinned ${integrity}`);
  return `file:./${tarball}`;
}

const installedDir = (specifier: string): string => dirname(fileURLToPath(import.meta.resolve(specifier)));

const versionOf = (packageDir: string): string => (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${(err.stderr || err.message).trim()}`);
  }
}

const VALIDATORS_DTS = (header: string): string =>
  `${header}\n` +
  `// The compiled validators of the bundle beside this file, keyed <apiVersion>/<kind>.\n` +
  `export declare const validators: Record<string, {\n` +
  `  (data: unknown): boolean;\n` +
  `  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }> | null;\n` +
  `}>;\n`;

/** Every kept file, by name in this directory, with its content. */
export async function generatePinned(): Promise<Record<string, string>> {
  const work = mkdtempSync(join(tmpdir(), 'pinned-schemas-'));
  try {
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({
        private: true,
        dependencies: {
          'kubernetes-models': PINNED.kubernetesModels,
          '@kubernetes-models/argo-cd': PINNED.argoCd,
          ...Object.fromEntries(Object.keys(CATALOGUE).map((name) => [`@kubernetes-models/${name}`, pinnedTarball(name, work)])),
        },
      }),
    );
    // These releases declare Node 22: installed here only to be read, never run.
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', '--prefer-offline'], work);
    // client-node's field lists are data in its files: its tarball is enough, without its dependencies.
    const tarball = run('npm', ['pack', `@kubernetes/client-node@${PINNED.clientNode}`, '--silent', '--prefer-offline'], work).trim().split('\n').pop()!;
    mkdirSync(join(work, 'client-node'));
    run('tar', ['-xzf', tarball, '-C', 'client-node'], work);

    const modelsDir = join(work, 'node_modules', 'kubernetes-models');
    const argoDir = join(work, 'node_modules', '@kubernetes-models', 'argo-cd');
    const apimachinery = versionOf(join(work, 'node_modules', '@kubernetes-models', 'apimachinery'));
    const validate = versionOf(join(work, 'node_modules', '@kubernetes-models', 'validate'));
    const generated = (from: string): string => `// Generated by \`${COMMAND}\` from ${from}; do not edit.`;
    const helpers = `with @kubernetes-models/apimachinery ${apimachinery} and @kubernetes-models/validate ${validate}`;

    const installed = new Set(declaredKinds(installedDir('kubernetes-models')).map((k) => `${k.apiVersion}/${k.kind}`));
    const kubernetesKinds = declaredKinds(modelsDir).filter((k) => !installed.has(`${k.apiVersion}/${k.kind}`));
    const argoKinds = declaredKinds(argoDir);
    const kubernetesFrom = `kubernetes-models ${versionOf(modelsDir)} (the kinds kubernetes-models ${versionOf(installedDir('kubernetes-models'))} lacks) ${helpers}`;
    const argoFrom = `@kubernetes-models/argo-cd ${versionOf(argoDir)} ${helpers}`;

    const kinds: Record<string, Record<string, string>> = {};
    for (const [bundle, list] of [['kubernetes', kubernetesKinds], ['argo-cd', argoKinds]] as const) {
      for (const k of list) (kinds[k.apiVersion] ??= {})[k.kind] = bundle;
    }
    const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b)));

    const clientNodeDir = join(installedDir('@kubernetes/client-node'), 'gen', 'models');
    const installedClientNode = versionOf(join(clientNodeDir, '..', '..', '..'));
    const fieldsFrom = `@kubernetes-models/argo-cd ${versionOf(argoDir)} and @kubernetes/client-node ${PINNED.clientNode}`;

    const catalogue: Record<string, string> = {};
    const catalogueKinds: Record<string, Record<string, [string, string]>> = {};
    const catalogueFrom: string[] = [];
    const releases: Record<string, string> = {};
    for (const name of Object.keys(CATALOGUE).sort()) {
      const dir = join(work, 'node_modules', '@kubernetes-models', name);
      const from = `@kubernetes-models/${name} ${versionOf(dir)}`;
      catalogueFrom.push(from);
      releases[name] = from;
      const kinds = declaredKinds(dir);
      const { models, roots } = packageFields(dir, kinds, clientNodeDir);
      for (const k of kinds) {
        const root = roots[`${k.apiVersion}/${k.kind}`];
        if (root) (catalogueKinds[k.apiVersion] ??= {})[k.kind] = [name, root];
      }
      // The field lists go in the bundle of the validators: both are needed from the first of its kinds met.
      const fields = `export const models = ${JSON.stringify(models)};\n`;
      catalogue[`${name}.generated.js`] = await bundleValidators(kinds, work, generated(`${from} ${helpers}, and client-node ${installedClientNode}'s model names`), fields);
    }
    const sortedCatalogue = Object.fromEntries(Object.entries(catalogueKinds).sort(([a], [b]) => a.localeCompare(b)));

    return {
      ...catalogue,
      // JSON, read on the first kind the schema check looks up: as a module it would sit in dist/validate.mjs,
      // which every run parses, `--help` included. Its first line says what made it, as a module's would.
      'catalogue.generated.json':
        `{"//": ${JSON.stringify(`${generated(catalogueFrom.join(', ')).slice(3)} The catalogue's kinds, by apiVersion: the bundle holding each (<bundle>.generated.js beside this file, exporting validators and field lists) and the model of its field list there.`)},\n` +
        `"releases": ${JSON.stringify(releases)},\n` +
        `"kinds": ${JSON.stringify(sortedCatalogue)}}\n`,
      'kubernetes-validators.generated.js': await bundleValidators(kubernetesKinds, work, generated(kubernetesFrom)),
      'kubernetes-validators.generated.d.ts': VALIDATORS_DTS(generated(kubernetesFrom)),
      'argo-cd-validators.generated.js': await bundleValidators(argoKinds, work, generated(argoFrom)),
      'argo-cd-validators.generated.d.ts': VALIDATORS_DTS(generated(argoFrom)),
      'kinds.generated.ts':
        `${generated(`${kubernetesFrom}, and ${argoFrom}`)}\n` +
        `// The kinds whose validators are kept in this directory, by apiVersion, with the bundle holding each.\n` +
        `export const PINNED_KINDS: Record<string, Record<string, 'kubernetes' | 'argo-cd'>> = ${JSON.stringify(sortedKinds, null, 2)};\n`,
      'fields.generated.ts':
        `${generated(fieldsFrom)}\n` +
        `// Field lists (model -> field -> type), in @kubernetes/client-node's attributeTypeMap notation.\n` +
        `// Every Argo CD type:\n` +
        `export const ARGO_CD_MODELS: Record<string, Record<string, string>> = ${JSON.stringify(argoCdFields(argoDir), null, 2)};\n` +
        `// The Kubernetes types client-node ${PINNED.clientNode} lists and the installed ${installedClientNode} lacks or lists differently:\n` +
        `export const KUBERNETES_MODELS: Record<string, Record<string, string>> = ${JSON.stringify(newerFields(join(work, 'client-node', 'package', 'dist', 'gen', 'models'), clientNodeDir), null, 2)};\n`,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    for (const [name, text] of Object.entries(await generatePinned())) {
      writeFileSync(join(PINNED_DIR, name), text);
      console.log(`wrote ${join(PINNED_DIR, name)}`);
    }
  } catch (e) {
    console.error(`generate: ${(e as Error).message}`);
    process.exit(2);
  }
}
