// Finds where a value sits in a parsed YAML/JSON document, so a finding about `spec.replica`
// points at that key's line and column rather than at the top of the object.
import type { LineCounter } from 'yaml';
import { walkPath, type FieldPath } from '../lib/yaml-locate.ts';
import { locateInBlock } from './block-yaml.ts';
import type { ParsedDoc } from './parse.ts';

export type { FieldPath } from '../lib/yaml-locate.ts';

export interface Located {
  line: number;
  column: number;
  /** How many leading segments of the path were found; equal to the path length when exact. */
  depth: number;
}

/** The deepest position along `path` that exists in the document (the key, for a mapping entry). */
export function locate(doc: ParsedDoc, lineCounter: LineCounter, path: FieldPath): Located {
  const placed = doc.placed;
  const fast = placed ? locateInBlock(placed.value, placed.positions, path) : null;
  if (fast) return fast.depth === 0 || !fast.at ? { line: doc.line, column: doc.column, depth: 0 } : { line: fast.at.line, column: fast.at.column, depth: fast.depth };
  const walk = walkPath(doc.node.contents, path);
  if (walk.depth === 0 || !walk.at?.range) return { line: doc.line, column: doc.column, depth: 0 };
  const pos = lineCounter.linePos(walk.at.range[0]);
  return { line: pos.line, column: pos.col, depth: walk.depth };
}

/** `spec.template.spec.containers[0].image`, the way kubectl explains fields. */
export function pathToString(path: FieldPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'object' ? `[name=${seg.name}]` : typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
