// A second reading for the one construct js-yaml refuses that every other YAML consumer of these
// files accepts: a flow collection whose closing bracket (or a later item) sits at the parent key's
// indentation,
//
//   command: [
//     "a",
//   ]
//
// js-yaml calls it "deficient indentation"; PyYAML, Go yaml (Kubernetes, Argo CD, GitHub Actions,
// docker compose) and eemeli/yaml read it (opentelemetry-demo's compose.yaml and workflows use it).
// When js-yaml refuses with exactly that reason, the file is read with eemeli/yaml; if it reads
// without any error, its values stand, otherwise js-yaml's refusal does (a real indentation mistake
// is an error in both readers).
import type { Document, Node } from 'yaml';
import { yaml } from './lazy.ts';
import { walkPath } from './checks/yaml-locate.ts';
import type { FieldPath, Located } from './positions.ts';

export const DEFICIENT_INDENTATION = 'deficient indentation';

export interface LenientDoc {
  value: unknown;
  line: number;
  column: number;
  locate(path: FieldPath): Located;
}

/** Nodes written in a document (an alias counts one), for the alias-expansion limit. */
function writtenNodes(doc: Document): number {
  let n = 0;
  yaml().visit(doc, {
    Node() {
      n++;
    },
  });
  return n;
}

/**
 * The documents as eemeli/yaml reads them under the schema js-yaml was asked for (core, or
 * YAML 1.1 with its booleans), or null when that reader reports any error or warning too.
 */
export function readLenient(text: string, version: '1.1' | '1.2' = '1.2'): { docs: LenientDoc[]; written: number[] } | null {
  const lines = new (yaml().LineCounter)();
  let documents: Document[];
  try {
    documents = yaml().parseAllDocuments(text, { version, lineCounter: lines, uniqueKeys: true, prettyErrors: false, merge: false }) as Document[];
  } catch (e) {
    // eemeli/yaml composes nodes recursively: nesting deep enough overflows the stack. js-yaml's
    // refusal (with its depth limit) is then the finding.
    if (e instanceof RangeError) return null;
    throw e;
  }
  if (documents.some((d) => d.errors.length > 0 || d.warnings.length > 0)) return null;
  const docs = documents.map((doc): LenientDoc => {
    const root = doc.contents as Node | null;
    const start = root?.range?.[0] ?? doc.range?.[0] ?? 0;
    const { line, col: column } = lines.linePos(start);
    return {
      // Aliases stay shared references, as js-yaml constructs them; the caller applies the expansion limit.
      value: doc.toJS({ maxAliasCount: -1 }),
      line,
      column,
      locate(path) {
        const walk = walkPath(root, path);
        const node = walk.at;
        if (!node || walk.depth === 0 || yaml().isAlias(node) || node.range?.[0] === undefined) return { line, column, depth: 0 };
        const p = lines.linePos(node.range[0]);
        return { line: p.line, column: p.col, depth: walk.depth };
      },
    };
  });
  return { docs, written: documents.map(writtenNodes) };
}
