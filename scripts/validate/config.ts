// Reads validate.config.yaml: what validation deliberately leaves out (ignored paths, kinds without
// a schema), where custom-resource schemas live, and which referenced objects exist only in the cluster.
// A malformed config is a usage error, reported with its line so the user can fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'yaml';
import { yaml } from './lazy.ts';
import { parseRulesSection } from './rules/config-section.ts';
import type { ExternalObject, SkippedKind, ValidateConfig } from './types.ts';

export const CONFIG_FILE = 'validate.config.yaml';

export class UsageError extends Error {}

export const defaultConfig = (): ValidateConfig => ({ ignore: [], skipKinds: [], crds: [], externalObjects: [] });

export function loadConfig(root: string, file = join(root, CONFIG_FILE)): ValidateConfig {
  if (!existsSync(file)) return defaultConfig();
  const text = readFileSync(file, 'utf8');
  const lineCounter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter, uniqueKeys: true });
  const fail = (node: Node | null | undefined, what: string): never => {
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    throw new UsageError(`${CONFIG_FILE}:${pos.line}:${pos.col}: ${what}`);
  };
  const where = (node: Node | null | undefined): string => {
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    return `${CONFIG_FILE}:${pos.line}:${pos.col}`;
  };
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? { line: 1, col: 1 };
    throw new UsageError(`${CONFIG_FILE}:${pos.line}:${pos.col}: ${first.message.split('\n')[0]}`);
  }
  const config = defaultConfig();
  const top = doc.contents;
  if (top === null) return config;
  if (!yaml().isMap(top)) return fail(top, 'expected a mapping with keys ignore, kubernetes, rules');

  const strings = (node: unknown, what: string): string[] => {
    if (node === null || node === undefined) return [];
    if (!yaml().isSeq(node)) return fail(node as Node, `${what} must be a list of strings`);
    return node.items.map((item) => {
      const v = (item as { value?: unknown }).value;
      if (typeof v !== 'string') return fail(item as Node, `${what} must be a list of strings`);
      return v;
    });
  };
  const records = <T>(node: unknown, what: string, keys: Record<string, boolean>): T[] => {
    if (node === null || node === undefined) return [];
    if (!yaml().isSeq(node)) return fail(node as Node, `${what} must be a list`);
    return node.items.map((item) => {
      if (!yaml().isMap(item)) return fail(item as Node, `${what} entries must be mappings with ${Object.keys(keys).join(', ')}`);
      const out: Record<string, string> = {};
      for (const pair of item.items) {
        const key = String((pair.key as { value?: unknown }).value);
        const value = (pair.value as { value?: unknown } | null)?.value;
        if (!(key in keys)) return fail(pair.key as Node, `unknown key "${key}" in ${what}; expected ${Object.keys(keys).join(', ')}`);
        if (typeof value !== 'string') return fail((pair.value ?? pair.key) as Node, `${what}.${key} must be a string`);
        out[key] = value;
      }
      for (const [key, required] of Object.entries(keys)) {
        if (required && !(key in out)) return fail(item, `${what} entry is missing "${key}"`);
      }
      return out as T;
    });
  };

  for (const pair of top.items) {
    const key = String((pair.key as { value?: unknown }).value);
    if (key === 'ignore') config.ignore = strings(pair.value, 'ignore');
    else if (key === 'kubernetes') {
      const k = pair.value;
      if (!yaml().isMap(k)) return fail((k ?? pair.key) as Node, 'kubernetes must be a mapping with skipKinds, crds, externalObjects');
      for (const kp of k.items) {
        const kkey = String((kp.key as { value?: unknown }).value);
        if (kkey === 'skipKinds') {
          config.skipKinds = records<SkippedKind>(kp.value, 'kubernetes.skipKinds', { apiVersion: false, kind: true, reason: true });
        } else if (kkey === 'crds') config.crds = strings(kp.value, 'kubernetes.crds');
        else if (kkey === 'externalObjects') {
          config.externalObjects = records<ExternalObject>(kp.value, 'kubernetes.externalObjects', {
            kind: true,
            name: true,
            namespace: false,
            reason: true,
          });
        } else return fail(kp.key as Node, `unknown key "kubernetes.${kkey}"; expected skipKinds, crds, externalObjects`);
      }
    } else if (key === 'rules') config.rules = parseRulesSection(pair.value, fail, where);
    else return fail(pair.key as Node, `unknown key "${key}"; expected ignore, kubernetes, rules`);
  }
  return config;
}
