// Turns the compiled validators' ajv errors into findings a person can act on: one finding per
// mistake, named by field path, with the value that was given and what was expected.
import { pointerToPath, valueAtPath } from '../paths.ts';
import { pathToString } from '../paths.ts';
import { nearest } from '../did-you-mean.ts';
import type { SchemaError } from './schemas.ts';

export interface SchemaProblem {
  rule: string;
  /** Where to point: the offending field, or the object holding a missing one. */
  path: Array<string | number>;
  message: string;
}

const FORMAT_HINTS: Record<string, string> = {
  quantity: 'a quantity such as 500m, 2, 1Gi or 512Mi',
  'int-or-string': 'an integer or a string',
  'date-time': 'an RFC 3339 date-time',
  byte: 'base64-encoded data',
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
};

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

const where = (path: Array<string | number>): string => pathToString(path) || '(object)';

export function describeErrors(errors: SchemaError[], body: unknown): SchemaProblem[] {
  const byPath = new Map<string, SchemaError[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, errs] of byPath) {
    const path = pointerToPath(pointer);
    const value = valueAtPath(body, path);
    const alternatives = errs.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    for (const e of errs.filter((x) => x.keyword === 'required')) {
      const field = String(e.params.missingProperty);
      problems.push({ rule: 'k8s-required-field', path, message: `${pathToString([...path, field])}: required field "${field}" is missing` });
    }
    for (const e of errs.filter((x) => x.keyword === 'additionalProperties')) {
      const field = String(e.params.additionalProperty);
      const known = Object.keys(e.parentSchema?.properties ?? {});
      const guess = nearest(field, known);
      const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; valid fields here: ${known.join(', ')}` : '';
      problems.push({ rule: 'k8s-unknown-field', path: [...path, field], message: `${pathToString([...path, field])}: unknown field "${field}"${hint}` });
    }
    const formats = errs.filter((x) => x.keyword === 'format').map((x) => String(x.params.format));
    const types = errs.filter((x) => x.keyword === 'type').map((x) => String(x.params.type));
    if (alternatives || formats.length || types.length) {
      if (formats.length && (alternatives || !types.length)) {
        const hint = FORMAT_HINTS[formats[0]!] ?? `format ${formats[0]}`;
        problems.push({ rule: 'k8s-invalid-format', path, message: `${where(path)}: ${show(value)} is not ${hint}` });
      } else if (types.length) {
        const expected = [...new Set(types.flatMap((t) => t.split(',')))].join(' or ');
        // kubectl reads YAML 1.1, where unquoted yes/no/on/off are booleans: the usual way to get one here.
        const quote = typeof value === 'boolean' && expected.includes('string') ? ' (unquoted yes/no/on/off/true/false are booleans: quote the value)' : '';
        problems.push({ rule: 'k8s-invalid-type', path, message: `${where(path)}: expected ${expected}, got ${typeOf(value)} ${show(value)}${quote}` });
      } else if (alternatives) {
        problems.push({ rule: 'k8s-schema', path, message: `${where(path)}: ${show(value)} matches none of the allowed forms` });
      }
    }
    for (const e of errs.filter((x) => x.keyword === 'enum')) {
      const allowed = (e.params.allowedValues as unknown[]).map((a) => show(a)).join(', ');
      problems.push({ rule: 'k8s-invalid-enum', path, message: `${where(path)}: ${show(value)} is not one of ${allowed}` });
    }
    for (const e of errs.filter((x) => !['required', 'additionalProperties', 'format', 'type', 'enum', 'oneOf', 'anyOf', 'if', 'not'].includes(x.keyword))) {
      const detail = e.message ?? `${e.keyword} ${JSON.stringify(e.params)}`;
      problems.push({ rule: 'k8s-schema', path, message: `${where(path)}: ${detail}` });
    }
  }
  return problems;
}
