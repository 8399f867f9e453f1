// The field list of every Argo CD type, read from the type declarations of
// @kubernetes-models/argo-cd, in the shape of @kubernetes/client-node's attributeTypeMap, so one
// walker finds unknown fields in Kubernetes and Argo CD objects alike. The package's compiled
// schemas, like Kubernetes', accept unknown fields; its .d.ts files are the only place its field
// lists exist, and parsing them needs the TypeScript compiler, hence work at generation time
// (generate.ts), not at validation time.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import ts from 'typescript';

const PREFIX = 'ArgoCd';

/** Types from other packages, by the last segment of their import path, as client-node names them. */
const EXTERNAL: Record<string, string> = {
  ObjectMeta: 'V1ObjectMeta',
  ListMeta: 'V1ListMeta',
  LabelSelector: 'V1LabelSelector',
  Time: 'Date',
  RawExtension: 'any',
  IntOrString: 'IntOrString',
  JSON: 'any',
};

/** Field lists by model name, from the package installed in `packageDir` (its argoproj.io/v1alpha1 declarations). */
export function argoCdFields(packageDir: string): Record<string, Record<string, string>> {
  const dir = join(packageDir, 'argoproj.io', 'v1alpha1');
  const files = readdirSync(dir).filter((f) => f.endsWith('.d.ts') && f !== 'index.d.ts');
  const interfaceFiles = new Set<string>();
  const sources = new Map<string, ts.SourceFile>();
  for (const f of files) {
    const sf = ts.createSourceFile(f, readFileSync(join(dir, f), 'utf8'), ts.ScriptTarget.ES2022, true);
    sources.set(f, sf);
    if (sf.statements.some(ts.isInterfaceDeclaration)) interfaceFiles.add(basename(f, '.d.ts'));
  }
  const models: Record<string, Record<string, string>> = {};
  const importsOf = new Map<string, Map<string, string>>();
  for (const [file, sf] of sources) {
    const imports = new Map<string, string>();
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !st.importClause?.namedBindings || !ts.isNamedImports(st.importClause.namedBindings)) continue;
      const from = (st.moduleSpecifier as ts.StringLiteral).text;
      for (const el of st.importClause.namedBindings.elements) imports.set(el.name.text, from);
    }
    importsOf.set(file, imports);
  }

  // A type alias (`type ISyncOptions = Array<string>`) stands for its definition, read in its own file.
  const aliasOf = (target: string): { file: string; type: ts.TypeNode } | null => {
    const file = `${target}.d.ts`;
    const alias = sources.get(file)?.statements.find(ts.isTypeAliasDeclaration);
    return alias ? { file, type: alias.type } : null;
  };

  const typeString = (file: string, node: ts.TypeNode, owner: string, field: string): string => {
    const sf = sources.get(file)!;
    if (ts.isArrayTypeNode(node)) return `Array<${typeString(file, node.elementType, owner, field)}>`;
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      if (name === 'Array' && node.typeArguments?.[0]) return `Array<${typeString(file, node.typeArguments[0], owner, field)}>`;
      const from = importsOf.get(file)?.get(name);
      if (!from) return 'any';
      const target = posix.basename(from).replace(/\.js$/, '');
      if (from.startsWith('./')) {
        if (interfaceFiles.has(target)) return `${PREFIX}${target}`;
        const alias = aliasOf(target);
        return alias ? typeString(alias.file, alias.type, `${PREFIX}${target}`, '') : 'any';
      }
      if (from.includes('gitops-engine')) return 'string';
      return EXTERNAL[target] ?? 'any';
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return `{ [key: string]: ${typeString(file, index.type, owner, field)}; }`;
      const name = `${owner}${field.charAt(0).toUpperCase()}${field.slice(1)}`;
      models[name] = fieldsOf(file, sf, node.members, name);
      return name;
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
      case ts.SyntaxKind.LiteralType:
        return 'string';
      case ts.SyntaxKind.NumberKeyword:
        return 'number';
      case ts.SyntaxKind.BooleanKeyword:
        return 'boolean';
      default:
        return 'any';
    }
  };
  const fieldsOf = (file: string, sf: ts.SourceFile, members: ts.NodeArray<ts.TypeElement>, owner: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText(sf);
      out[name] = typeString(file, m.type, owner, name);
    }
    return out;
  };

  for (const [file, sf] of sources) {
    const iface = sf.statements.find(ts.isInterfaceDeclaration);
    if (!iface) continue;
    const model = `${PREFIX}${basename(file, '.d.ts')}`;
    const extendsTypeMeta = iface.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(sf) === 'TypeMeta')) ?? false;
    models[model] = { ...(extendsTypeMeta ? { apiVersion: 'string', kind: 'string' } : {}), ...fieldsOf(file, sf, iface.members, model) };
  }

  return Object.fromEntries(Object.entries(models).sort(([a], [b]) => a.localeCompare(b)));
}
