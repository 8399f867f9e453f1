// Reads validate.config.yaml's `rules:` section (shape only; rules/settings.ts checks the rule ids
// against the rules, which this module must not import: config.ts uses it). Shape:
//   rules:
//     disable: [automount-token]           # rule ids off everywhere
//     enable: [...]                        # back on (after an earlier layer turned them off)
//     severity: { probes: warning }        # error | warning
//     paths:                               # later entries win; each applies to findings in its files
//       - files: ["legacy/**"]
//         disable: [probes, resources]
//     podMakers:                           # custom resources whose operator creates pods
//       - { apiVersion: example.com/v1, kind: Db, labels: spec.podTemplate.metadata.labels }
import type { Node } from 'yaml';
import { yaml } from '../lazy.ts';
import type { PodMaker, RuleLayer, RuleSettings, Severity } from '../types.ts';

/** Throws the config's usage error at a node. */
export type Fail = (node: Node | null | undefined, what: string) => never;
/** `validate.config.yaml:line:col` of a node. */
export type Where = (node: Node | null | undefined) => string;

const LAYER_KEYS = ['disable', 'enable', 'severity'];

function ids(node: unknown, what: string, fail: Fail, where: Where, at: Record<string, string>): string[] {
  if (node === null || node === undefined) return [];
  if (!yaml().isSeq(node)) return fail(node as Node, `${what} must be a list of rule ids`);
  return node.items.map((item) => {
    if (!yaml().isScalar(item) || typeof item.value !== 'string') return fail(item as Node, `${what} must be a list of rule ids`);
    at[item.value] ??= where(item);
    return item.value;
  });
}

function layer(node: Node, what: string, fail: Fail, where: Where, extraKeys: readonly string[]): { layer: RuleLayer; rest: Map<string, unknown> } {
  if (!yaml().isMap(node)) return fail(node, `${what} must be a mapping with keys ${[...LAYER_KEYS, ...extraKeys].join(', ')}`);
  const out: RuleLayer = { enable: [], disable: [], severity: {}, at: {} };
  const rest = new Map<string, unknown>();
  for (const pair of node.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (key === 'disable' || key === 'enable') out[key] = ids(pair.value, `${what}.${key}`, fail, where, out.at!);
    else if (key === 'severity') {
      const m = pair.value;
      if (m === null || m === undefined) continue;
      if (!yaml().isMap(m)) return fail(m as Node, `${what}.severity must map rule ids to error or warning`);
      for (const p of m.items) {
        const id = String((p.key as { value?: unknown }).value);
        const level = (p.value as { value?: unknown } | null)?.value;
        if (level !== 'error' && level !== 'warning') return fail((p.value ?? p.key) as Node, `${what}.severity.${id} must be error or warning`);
        out.severity[id] = level as Severity;
        out.at![id] ??= where(p.key as Node);
      }
    } else if (extraKeys.includes(key)) rest.set(key, pair.value);
    else return fail(pair.key as Node, `unknown key "${what}.${key}"; expected ${[...LAYER_KEYS, ...extraKeys].join(', ')}`);
  }
  return { layer: out, rest };
}

function podMakers(node: unknown, fail: Fail): PodMaker[] {
  if (node === null || node === undefined) return [];
  if (!yaml().isSeq(node)) return fail(node as Node, 'rules.podMakers must be a list of { apiVersion, kind, labels }');
  return node.items.map((item) => {
    if (!yaml().isMap(item)) return fail(item as Node, 'rules.podMakers entries must be mappings with apiVersion, kind, labels');
    const entry: Record<string, string> = {};
    for (const p of item.items) {
      const key = String((p.key as { value?: unknown }).value);
      const value = (p.value as { value?: unknown } | null)?.value;
      if (!['apiVersion', 'kind', 'labels'].includes(key)) return fail(p.key as Node, `unknown key "rules.podMakers.${key}"; expected apiVersion, kind, labels`);
      if (typeof value !== 'string') return fail((p.value ?? p.key) as Node, `rules.podMakers.${key} must be a string`);
      entry[key] = value;
    }
    if (!entry.kind || !entry.labels) return fail(item, 'rules.podMakers entry needs kind and labels (the dotted path to the pod labels, * for list elements)');
    return { ...(entry.apiVersion ? { apiVersion: entry.apiVersion } : {}), kind: entry.kind, labels: entry.labels };
  });
}

export function parseRulesSection(node: unknown, fail: Fail, where: Where): RuleSettings {
  if (node === null || node === undefined) return { layers: [], podMakers: [] };
  const top = layer(node as Node, 'rules', fail, where, ['paths', 'podMakers']);
  const layers: RuleLayer[] = [top.layer];
  const paths = top.rest.get('paths');
  if (paths !== null && paths !== undefined) {
    if (!yaml().isSeq(paths)) return fail(paths as Node, 'rules.paths must be a list of { files, disable, enable, severity }');
    for (const item of paths.items) {
      const { layer: l, rest } = layer(item as Node, 'rules.paths', fail, where, ['files']);
      const files = rest.get('files');
      if (!yaml().isSeq(files) || files.items.length === 0 || !files.items.every((f) => yaml().isScalar(f) && typeof f.value === 'string')) {
        return fail((files ?? item) as Node, 'rules.paths entries need files: a list of globs (`*` within a segment, `**` across)');
      }
      layers.push({ ...l, files: files.items.map((f) => String((f as { value: unknown }).value)) });
    }
  }
  return { layers, podMakers: podMakers(top.rest.get('podMakers'), fail) };
}
