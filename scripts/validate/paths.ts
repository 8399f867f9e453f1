// Paths into documents as plain data: what the checks say a finding is about (`spec.replicas`,
// a JSON pointer from a schema error, the container named `app`), before anyone asks where it is written.

/** A segment of a path into a document: a map key, a list index, or the list item whose `name` is given. */
export type PathSegment = string | number | { name: string };
export type FieldPath = readonly PathSegment[];

/** Splits a JSON pointer (`/spec/template/0`, as ajv reports it) into segments; array indices become numbers. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The plain-data value at `path`, or undefined. A number indexes a list (or a map key of that
 * number: JSON pointers do not say which); a `{ name }` segment picks the list item of that name.
 */
export function valueAtPath(value: unknown, path: FieldPath): unknown {
  let cur = value;
  for (const seg of path) {
    if (typeof seg === 'object') cur = Array.isArray(cur) ? cur.find((item: unknown) => isRecord(item) && item.name === seg.name) : undefined;
    else if (Array.isArray(cur)) cur = typeof seg === 'number' ? cur[seg] : undefined;
    else cur = isRecord(cur) ? cur[String(seg)] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * The JSON pointer of `path` in `value` (a `{ name }` segment becomes the index of that item), as a
 * JSON 6902 patch operation writes it; undefined when a named item is not there.
 */
export function pointerOf(value: unknown, path: FieldPath): string | undefined {
  let cur = value;
  let pointer = '';
  for (const seg of path) {
    const key = typeof seg !== 'object' ? seg : Array.isArray(cur) ? cur.findIndex((item: unknown) => isRecord(item) && item.name === seg.name) : -1;
    if (key === -1) return undefined;
    cur = Array.isArray(cur) ? cur[Number(key)] : isRecord(cur) ? cur[String(key)] : undefined;
    pointer += `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return pointer;
}

/** `spec.template.spec.containers[0].image`, the way kubectl explains fields. */
export function pathToString(path: FieldPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'object' ? `[name=${seg.name}]` : typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}
