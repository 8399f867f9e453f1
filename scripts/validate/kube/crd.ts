// Custom kinds checked against their own CustomResourceDefinitions: CRDs the repository deploys,
// plus CRD files named in validate.config.yaml (`kubernetes.crds`). CRD schemas are structural,
// so every object schema that lists properties, and does not preserve unknown fields, gets
// `additionalProperties: false` to make unknown fields errors, as for built-in kinds. A `pattern` is
// a Go (RE2) regular expression, as the API server reads it, so ajv matches with re2js: `(?i)` and
// the other RE2-only syntax compile, and no pattern can backtrack for ever.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv } from 'ajv';
import { yaml } from '../lazy.ts';
import type { Finding, KubeObject, ObjectContext } from '../types.ts';
import type { KindSchema, SchemaValidator } from './schemas.ts';

type Schema = Record<string, unknown>;

function strict(schema: unknown, root: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strict(s, false));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema as Schema)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s, false)])) : strict(v, false);
  }
  if (root) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...((out.properties as Schema) ?? {}) };
  }
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

interface CrdSpec {
  group?: string;
  names?: { kind?: string };
  versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: unknown } }>;
}

export async function crdSchemas(ctx: ObjectContext): Promise<{ schemas: Map<string, KindSchema>; findings: Finding[] }> {
  const crds: Array<{ body: Record<string, unknown>; file: string }> = [];
  const findings: Finding[] = [];
  const isCrd = (o: { apiVersion?: unknown; kind?: unknown }): boolean => o.apiVersion === 'apiextensions.k8s.io/v1' && o.kind === 'CustomResourceDefinition';
  const objects: KubeObject[] = [...ctx.plain, ...ctx.renders.flatMap((r) => r.objects)];
  for (const o of objects) if (isCrd(o)) crds.push({ body: o.body, file: o.source.file });
  for (const file of ctx.config?.crds ?? []) {
    let text: string;
    try {
      text = readFileSync(join(ctx.root, file), 'utf8');
    } catch {
      findings.push({ file: 'validate.config.yaml', line: 1, column: 1, severity: 'error', rule: 'config-crd-missing', message: `kubernetes.crds lists ${file}, which does not exist` });
      continue;
    }
    for (const doc of yaml().parseAllDocuments(text) as unknown as Array<{ toJS(): unknown }>) {
      const body = doc.toJS() as Record<string, unknown> | null;
      if (body && isCrd(body)) crds.push({ body, file });
    }
  }
  const schemas = new Map<string, KindSchema>();
  if (!crds.length) return { schemas, findings };
  // ajv compiles CRD schemas only: Kubernetes' own kinds come precompiled, so a tree without CRDs never loads it.
  const [{ Ajv: AjvClass }, { default: addFormatsModule }, { RE2JS }] = await Promise.all([import('ajv'), import('ajv-formats'), import('re2js')]);
  // ajv asks for `code` only when it writes standalone validator source, which this never does.
  const regExp = Object.assign((pattern: string) => RE2JS.compile(pattern), { code: 'require("re2js").RE2JS.compile' });
  const ajv = new AjvClass({ strict: false, allErrors: true, validateFormats: true, verbose: true, code: { regExp } });
  (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
  for (const { body, file } of crds) {
    const spec = body.spec as CrdSpec | undefined;
    const kind = spec?.names?.kind;
    if (!spec?.group || !kind) continue;
    for (const v of spec.versions ?? []) {
      const schema = v.schema?.openAPIV3Schema;
      if (!v.name || !schema) continue;
      try {
        const validate = ajv.compile(strict(schema, true) as Schema) as unknown as SchemaValidator;
        schemas.set(`${spec.group}/${v.name}/${kind}`, { validate, source: 'crd' });
      } catch (e) {
        findings.push({ file, line: 1, column: 1, severity: 'error', rule: 'k8s-crd-schema', message: `CRD ${spec.group}/${v.name} ${kind}: schema does not compile: ${(e as Error).message}` });
      }
    }
  }
  return { schemas, findings };
}
