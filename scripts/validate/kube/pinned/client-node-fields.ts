// The field lists of Kubernetes types that a newer @kubernetes/client-node knows and the installed
// one (the last release for Node 20) lacks or lists differently: the types and fields Kubernetes
// added since. Kept beside the installed lists, they let unknown-field detection know the newer
// kinds and fields without installing a release that declares Node 22.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Field name -> client-node type string, in declaration order. */
export type FieldList = Record<string, string>;

/** A model's attributeTypeMap, which client-node's generated modules assign as a JSON array literal. */
function attributes(dir: string, name: string): FieldList | null {
  const file = join(dir, `${name}.js`);
  if (!existsSync(file)) return null;
  const literal = new RegExp(`${name}\\.attributeTypeMap = (\\[[\\s\\S]*?\\]);`).exec(readFileSync(file, 'utf8'));
  if (!literal) return null;
  const list = JSON.parse(literal[1]!) as Array<{ baseName: string; type: string }>;
  return Object.fromEntries(list.map((a) => [a.baseName, a.type]));
}

const same = (a: FieldList, b: FieldList): boolean => JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b));

/** Models of `newerDir` absent from `installedDir` or with other fields there, sorted by name. */
export function newerFields(newerDir: string, installedDir: string): Record<string, FieldList> {
  const out: Record<string, FieldList> = {};
  const names = readdirSync(newerDir)
    .filter((f) => /^[A-Z][A-Za-z0-9]*\.js$/.test(f) && f !== 'ObjectSerializer.js')
    .map((f) => f.slice(0, -3))
    .sort();
  for (const name of names) {
    const newer = attributes(newerDir, name);
    if (!newer) continue;
    const installed = attributes(installedDir, name);
    if (!installed || !same(installed, newer)) out[name] = newer;
  }
  return out;
}
