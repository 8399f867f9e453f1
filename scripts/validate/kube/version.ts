// The Kubernetes version manifests are validated for: --kube-version, else the one the cluster is
// pinned to in terraform/ (so validation follows an upgrade), else a default.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../config.ts';

export const DEFAULT_KUBE_VERSION = '1.33';

/** Normalises `1.33`, `v1.33` or `1.33.2` to `1.33`; anything else is a usage error. */
export function parseKubeVersion(value: string): string {
  const m = /^v?(1)\.(\d{1,2})(\.\d+)?$/.exec(value.trim());
  if (!m) throw new UsageError(`--kube-version ${JSON.stringify(value)} is not a Kubernetes version; expected MAJOR.MINOR such as 1.33`);
  return `${m[1]}.${Number(m[2])}`;
}

export function compareKubeVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The `default` of `variable "kubernetes_version"` in terraform/variables.tf, if there is one. */
export function terraformKubeVersion(root: string): string | null {
  const file = join(root, 'terraform', 'variables.tf');
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const block = /variable\s+"kubernetes_version"\s*\{([\s\S]*?)\n\}/.exec(text);
  const value = block ? /^\s*default\s*=\s*"([^"]+)"/m.exec(block[1]!) : null;
  if (!value) return null;
  try {
    return parseKubeVersion(value[1]!);
  } catch {
    return null;
  }
}

export function defaultKubeVersion(root: string): string {
  return terraformKubeVersion(root) ?? DEFAULT_KUBE_VERSION;
}
