// Reads field lists from TypeScript declaration files (.d.ts), in the shape of
// @kubernetes/client-node's attributeTypeMap (field -> type string: `string`, `Array<V1Container>`,
// `{ [key: string]: string; }`, a model name or `any`), for the @kubernetes-models packages whose
// .d.ts files are the only place their field lists exist (argo-cd-fields.ts, catalogue-fields.ts).
// What a named type stands for differs by package (where it is declared, what its model is called),
// so the caller resolves references; the rest of the type syntax reads the same everywhere.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** Field name -> client-node type string, in declaration order. */
export type FieldList = Record<string, string>;

/** A parsed declaration file and what it imports: local name -> module specifier. */
export interface DeclarationFile {
  sf: ts.SourceFile;
  imports: Map<string, string>;
}

export function readDeclarationFile(path: string): DeclarationFile {
  const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const imports = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !st.importClause?.namedBindings || !ts.isNamedImports(st.importClause.namedBindings)) continue;
    for (const el of st.importClause.namedBindings.elements) imports.set(el.name.text, (st.moduleSpecifier as ts.StringLiteral).text);
  }
  return { sf, imports };
}

/** The type string of a reference to `name` (neither `Array` nor `Record`) written in `file`. */
export type ResolveReference<F extends DeclarationFile> = (file: F, name: string) => string;

export interface FieldReader<F extends DeclarationFile> {
  /** Every model read so far, the models of inline object types (`<owner><Field>`) included. */
  models: Record<string, FieldList>;
  /** The type string of `node`, written in `file` as the type of `owner`'s `field`. */
  typeString(file: F, node: ts.TypeNode, owner: string, field: string): string;
  /** The field list of `members`, an interface's or object type's, `owner` naming their inline object types. */
  fieldsOf(file: F, members: ts.NodeArray<ts.TypeElement>, owner: string): FieldList;
  /** `models`, sorted by name, as the generated files keep them. */
  sorted(): Record<string, FieldList>;
}

export function fieldReader<F extends DeclarationFile>(resolve: ResolveReference<F>): FieldReader<F> {
  const models: Record<string, FieldList> = {};
  const typeString = (file: F, node: ts.TypeNode, owner: string, field: string): string => {
    if (ts.isArrayTypeNode(node)) return `Array<${typeString(file, node.elementType, owner, field)}>`;
    if (ts.isParenthesizedTypeNode(node)) return typeString(file, node.type, owner, field);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const args = node.typeArguments ?? [];
      if (name === 'Array' && args[0]) return `Array<${typeString(file, args[0], owner, field)}>`;
      if (name === 'Record' && args[1]) return `{ [key: string]: ${typeString(file, args[1], owner, field)}; }`;
      return resolve(file, name);
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return `{ [key: string]: ${typeString(file, index.type, owner, field)}; }`;
      // client-node names the model of an inline object type after its owner and field.
      const name = `${owner}${field.charAt(0).toUpperCase()}${field.slice(1)}`;
      models[name] = fieldsOf(file, node.members, name);
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
  const fieldsOf = (file: F, members: ts.NodeArray<ts.TypeElement>, owner: string): FieldList => {
    const out: FieldList = {};
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText(file.sf);
      out[name] = typeString(file, m.type, owner, name);
    }
    return out;
  };
  const sorted = (): Record<string, FieldList> => Object.fromEntries(Object.entries(models).sort(([a], [b]) => a.localeCompare(b)));
  return { models, typeString, fieldsOf, sorted };
}
