// Validates a Compose file against the Compose specification's JSON schema (shipped by dclint),
// reporting each error at the line of the offending key.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from '../../../lib/did-you-mean.ts';
import { ajv as ajvLibrary } from '../../lazy.ts';
import { locate, pointerToPath, type LocatedYaml } from '../yaml-locate.ts';
import type { Finding } from '../../types.ts';

const require = createRequire(import.meta.url);

let compiled: ValidateFunction | undefined;

/** Compiles the schema once per process. */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  // dclint's exports map hides schemas/, but exposes package.json, which locates the package.
  const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema declares draft-07 by a URL ajv does not know; ajv's default dialect is draft-07 anyway.
  delete schema.$schema;
  // strict: false because the spec uses keywords ajv's strict mode rejects (e.g. `deprecated`, custom formats);
  // verbose: true keeps the failing sub-schema, whose property names feed "did you mean".
  const { Ajv, addFormats } = ajvLibrary();
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

function describe(path: ReadonlyArray<string | number>): string {
  return path.length ? path.join('.') : 'the top level';
}

/** ajv reports every failing branch of a oneOf; keep the errors that say something about the deepest value. */
function mostSpecific(errors: ErrorObject[]): ErrorObject[] {
  const unique = new Map<string, ErrorObject>();
  for (const e of errors) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (!unique.has(key)) unique.set(key, e);
  }
  const list = [...unique.values()];
  return list.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') {
      return !list.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== e.keyword);
    }
    // A type mismatch in one oneOf branch is noise when another branch found a deeper problem.
    if (e.keyword === 'type') {
      return !list.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/'));
    }
    return true;
  });
}

/** oneOf branches of different types give one `type` error each; say "must be string or array" once. */
function mergeTypeErrors(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== 'type') {
      out.push(e);
      continue;
    }
    const prior = byPath.get(e.instancePath);
    if (prior) prior.message = `${prior.message} or ${String((e.params as { type: string }).type)}`;
    else {
      const copy = { ...e };
      byPath.set(e.instancePath, copy);
      out.push(copy);
    }
  }
  return out;
}

function message(e: ErrorObject, path: ReadonlyArray<string | number>): string {
  const where = describe(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      return `unknown key "${extra}" in ${where}${didYouMean(extra, known)}; the Compose specification does not define it`;
    }
    case 'required':
      return `${where} is missing the required key "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `${where} ${e.message ?? 'is not allowed'}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

export function validateComposeSchema(file: string, located: LocatedYaml, data: unknown): Finding[] {
  const validate = validator();
  if (validate(data)) return [];
  return mergeTypeErrors(mostSpecific(validate.errors ?? [])).map((e) => {
    const path = pointerToPath(e.instancePath);
    const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
    const pos = extra === undefined ? locate(located, path) : locate(located, [...path, extra], true);
    return {
      file,
      line: pos.line,
      column: pos.column,
      severity: 'error' as const,
      rule: 'compose-schema',
      message: message(e, path),
    };
  });
}
