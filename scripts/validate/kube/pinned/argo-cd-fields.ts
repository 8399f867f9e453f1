// The field list of every Argo CD type, read from the type declarations of
// @kubernetes-models/argo-cd, in the shape of @kubernetes/client-node's attributeTypeMap, so one
// walker finds unknown fields in Kubernetes and Argo CD objects alike. The package's compiled
// schemas, like Kubernetes', accept unknown fields; its .d.ts files are the only place its field
// lists exist, and parsing them needs the TypeScript compiler, hence work at generation time
// (generate.ts), not at validation time.
import { readdirSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import ts from 'typescript';
import { type DeclarationFile, type FieldList, fieldReader, readDeclarationFile } from './declaration-fields.ts';

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
export function argoCdFields(packageDir: string): Record<string, FieldList> {
  const dir = join(packageDir, 'argoproj.io', 'v1alpha1');
  // One type per file, named for it: a file is known by its type's name.
  const files = new Map<string, DeclarationFile>();
  for (const f of readdirSync(dir)) if (f.endsWith('.d.ts') && f !== 'index.d.ts') files.set(basename(f, '.d.ts'), readDeclarationFile(join(dir, f)));
  const interfaces = new Set([...files].filter(([, d]) => d.sf.statements.some(ts.isInterfaceDeclaration)).map(([name]) => name));

  const reader = fieldReader<DeclarationFile>((file, name): string => {
    const from = file.imports.get(name);
    if (!from) return 'any';
    const target = posix.basename(from).replace(/\.js$/, '');
    if (from.startsWith('./')) {
      if (interfaces.has(target)) return `${PREFIX}${target}`;
      // A type alias (`type ISyncOptions = Array<string>`) stands for its definition, read in its own file.
      const aliasFile = files.get(target);
      const alias = aliasFile?.sf.statements.find(ts.isTypeAliasDeclaration);
      return aliasFile && alias ? reader.typeString(aliasFile, alias.type, `${PREFIX}${target}`, '') : 'any';
    }
    if (from.includes('gitops-engine')) return 'string';
    return EXTERNAL[target] ?? 'any';
  });

  for (const [name, d] of files) {
    const iface = d.sf.statements.find(ts.isInterfaceDeclaration);
    if (!iface) continue;
    const model = `${PREFIX}${name}`;
    const extendsTypeMeta = iface.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(d.sf) === 'TypeMeta')) ?? false;
    reader.models[model] = { ...(extendsTypeMeta ? { apiVersion: 'string', kind: 'string' } : {}), ...reader.fieldsOf(d, iface.members, model) };
  }
  return reader.sorted();
}
