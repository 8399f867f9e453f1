// The field lists of an operator's kinds (flux, cert-manager, Gateway API, prometheus-operator), read
// from the type declarations of its @kubernetes-models package, in the shape of
// @kubernetes/client-node's attributeTypeMap, so the walker in fields.ts finds unknown fields in
// them as in Kubernetes' own kinds. The packages' compiled schemas, like Kubernetes', accept unknown
// fields; their .d.ts files are where the field lists are, hence work at generation time
// (generate.ts) with the TypeScript compiler.
//
// These packages are generated from the operators' Go types: every type has a name unique across
// packages (`IComGithubFluxcdHelmControllerApiV2HelmReleaseSpec`), which each file exports beside its
// short one and by which other files import it. A model is named by it, without the `I`.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { type DeclarationFile, type FieldList, fieldReader, readDeclarationFile } from './declaration-fields.ts';

/** apimachinery's types, by the last segment of their import path, as client-node names or reads them. */
const APIMACHINERY: Record<string, string> = {
  ObjectMeta: 'V1ObjectMeta',
  ListMeta: 'V1ListMeta',
  LabelSelector: 'V1LabelSelector',
  Condition: 'V1Condition',
  Time: 'Date',
  MicroTime: 'Date',
  Duration: 'string',
  Quantity: 'string',
  IntOrString: 'IntOrString',
  RawExtension: 'any',
  JSON: 'any',
};

interface Declared extends DeclarationFile {
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
}

function declarationFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('_') && entry.name !== 'node_modules') declarationFiles(path, out);
    } else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') out.push(path);
  }
  return out;
}

/** The unique name a file exports its type under (`export type { IHelmRelease as IComGithub...HelmRelease }`), without the `I`. */
function globalName(sf: ts.SourceFile, local: string): string | null {
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    for (const el of st.exportClause.elements) if (el.propertyName?.text === local && el.name.text.startsWith('I')) return el.name.text.slice(1);
  }
  return null;
}

export interface PackageFields {
  /** model -> field -> type */
  models: Record<string, FieldList>;
  /** `<apiVersion>/<kind>` -> the model of the kind */
  roots: Record<string, string>;
}

/**
 * Field lists by model name, for the package installed in `packageDir`, and the model of each of
 * `kinds`. `clientNodeModels` is client-node's models directory: a Kubernetes type the package
 * refers to (`kubernetes-models/v1/Container`) becomes client-node's model of it (`V1Container`)
 * where client-node has one.
 */
export function packageFields(packageDir: string, kinds: ReadonlyArray<{ apiVersion: string; kind: string }>, clientNodeModels: string): PackageFields {
  const declared = new Map<string, Declared>();
  const byFile = new Map<string, string>();
  for (const file of declarationFiles(packageDir)) {
    const { sf, imports } = readDeclarationFile(file);
    const node = sf.statements.find((s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s));
    const name = node && globalName(sf, node.name.text);
    if (!node || !name) continue;
    declared.set(name, { sf, imports, node });
    byFile.set(relative(packageDir, file), name);
  }

  const clientNode = (name: string): string => (existsSync(join(clientNodeModels, `${name}.js`)) ? name : 'any');
  /** A type from another package, as client-node names it, or a leaf. */
  const external = (from: string): string => {
    const segments = from.split('/');
    const last = segments[segments.length - 1]!;
    if (from.startsWith('@kubernetes-models/apimachinery/')) return APIMACHINERY[last] ?? clientNode(`V1${last}`);
    if (from.startsWith('kubernetes-models/')) {
      const version = segments[segments.length - 2]!;
      if (last === 'JSON') return 'any';
      return clientNode(`${version.charAt(0).toUpperCase()}${version.slice(1)}${last}`);
    }
    return 'any';
  };

  const visiting = new Set<string>();
  const reader = fieldReader<Declared>((d, ref) => {
    const global = ref.startsWith('I') ? ref.slice(1) : ref;
    if (declared.has(global)) return named(global);
    const from = d.imports.get(ref);
    return from ? external(from) : 'any';
  });
  const { models } = reader;
  /** The model of a declared type, its field list added; or the type an alias stands for. */
  const named = (name: string): string => {
    const d = declared.get(name)!;
    if (ts.isTypeAliasDeclaration(d.node)) {
      if (visiting.has(name)) return 'any';
      visiting.add(name);
      const t = reader.typeString(d, d.node.type, name, '');
      visiting.delete(name);
      return t;
    }
    if (!models[name] && !visiting.has(name)) {
      visiting.add(name);
      // Go's embedded structs are interfaces extended (`IHTTPRouteSpec extends I...CommonRouteSpec`): their fields are this one's too.
      const inherited: FieldList = {};
      for (const clause of d.node.heritageClauses ?? []) {
        for (const t of clause.types) {
          const base = ts.isIdentifier(t.expression) ? t.expression.text.replace(/^I/, '') : '';
          if (declared.has(base) && ts.isInterfaceDeclaration(declared.get(base)!.node)) Object.assign(inherited, models[named(base)]);
        }
      }
      models[name] = { ...inherited, ...reader.fieldsOf(d, d.node.members, name) };
      visiting.delete(name);
    }
    return name;
  };

  const roots: Record<string, string> = {};
  for (const { apiVersion, kind } of kinds) {
    const name = byFile.get(join(apiVersion, `${kind}.d.ts`));
    if (name && declared.get(name) && ts.isInterfaceDeclaration(declared.get(name)!.node)) roots[`${apiVersion}/${kind}`] = named(name);
  }
  return { models: reader.sorted(), roots };
}
