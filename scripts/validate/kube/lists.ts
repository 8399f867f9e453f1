// `kind: List` (kubectl's) and the typed `<Kind>List`s hold objects under `items`; kubectl applies
// each item, so each is checked as an object of its own, located inside the list's document.
import { shownName } from '../sources.ts';
import type { KubeObject } from '../types.ts';

/** An object to check, and how to locate its fields: in its own document, or under a list's `items[i]`. */
export interface Checked {
  obj: KubeObject;
  /** The list it is an item of, and the path from the list to it. */
  within?: { list: KubeObject; path: (string | number)[] };
}

export const isList = (o: KubeObject): boolean => o.kind.endsWith('List') && Array.isArray(o.body.items);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The objects to check: a list's items in its place, everything else as it is. */
export function expandLists(objects: readonly KubeObject[]): Checked[] {
  if (!objects.some(isList)) return objects.map((obj) => ({ obj }));
  return objects.flatMap((o): Checked[] => {
    if (!isList(o)) return [{ obj: o }];
    return (o.body.items as unknown[]).flatMap((item, i): Checked[] => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return [];
      const body = item as Record<string, unknown>;
      const md = (body.metadata && typeof body.metadata === 'object' ? body.metadata : {}) as Record<string, unknown>;
      const namespace = str(md.namespace);
      const obj: KubeObject = { apiVersion: str(body.apiVersion), kind: str(body.kind), name: shownName(body), ...(namespace ? { namespace } : {}), body, source: o.source };
      return [{ obj, within: { list: o, path: ['items', i] } }];
    });
  });
}
