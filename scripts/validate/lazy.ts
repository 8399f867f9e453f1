// Libraries that only some runs use, loaded when first used: importing eemeli/yaml (read for
// compose files, Prometheus configs, workflows and validate.config.yaml) and ajv with its formats
// (the compose schema) cost about 90 ms of every start, and a tree of plain manifests needs neither.
// Synchronous through require (both ship CommonJS), so callers stay as they are.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

let yamlLib: typeof import('yaml') | undefined;
/** eemeli/yaml. */
export const yaml = (): typeof import('yaml') => (yamlLib ??= load('yaml') as typeof import('yaml'));

let ajvLib: { Ajv: typeof import('ajv').Ajv; addFormats: typeof import('ajv-formats').default } | undefined;
/** ajv and ajv-formats' plugin. */
export function ajv(): { Ajv: typeof import('ajv').Ajv; addFormats: typeof import('ajv-formats').default } {
  if (!ajvLib) {
    const formats = load('ajv-formats') as typeof import('ajv-formats') & { default?: typeof import('ajv-formats').default };
    ajvLib = { Ajv: (load('ajv') as typeof import('ajv')).Ajv, addFormats: formats.default ?? (formats as unknown as typeof import('ajv-formats').default) };
  }
  return ajvLib;
}
