// The laptop stack as the cross-layer rules need it: each compose service's image, environment,
// labels, container ports, aliases and bind-mounted files, with `${VAR:-default}` interpolated.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { yaml } from '../lazy.ts';
import type { ObjectContext, SourceLocation } from '../types.ts';
import { isComposeFile } from '../checks/compose/select.ts';
import type { FieldPath } from './kube.ts';
import type { Locator } from './locate.ts';

export interface ComposeService {
  name: string;
  /** Repository-relative compose file. */
  file: string;
  image?: string;
  environment: Record<string, string>;
  labels: Record<string, string>;
  /** Where each variable and label is written (map key or list index), for findings. */
  paths: { environment: Record<string, FieldPath>; labels: Record<string, FieldPath> };
  /** Ports the container listens on, from `ports` (container side) and `expose`. */
  ports: Set<number>;
  /** Each `expose` entry that is one port, with its path. */
  exposed: { port: number; path: FieldPath }[];
  /** Each `ports` entry as written (interpolated; a long-form entry as its host_ip:published:target), with its path. */
  published: { spec: string; path: FieldPath }[];
  /** Every name the service answers to on the compose network. */
  hostnames: Set<string>;
  /** Bind-mounted host files (repository-relative), with their mount target. */
  mounts: { source: string; target: string }[];
}

export interface ComposeStack {
  file: string;
  services: ComposeService[];
  at(path: FieldPath): SourceLocation;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`. */
export function interpolate(s: string, vars: Record<string, string>): string {
  return s.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name?: string, op?: string, arg?: string, bare?: string) => {
    if (m === '$$') return '$';
    const key = (name ?? bare) as string;
    const value = vars[key];
    const unsetOrEmpty = value === undefined || (op?.startsWith(':') && value === '');
    if (op === ':-' || op === '-') return unsetOrEmpty ? (arg ?? '') : (value as string);
    if (op === ':+' || op === '+') return unsetOrEmpty ? '' : (arg ?? '');
    return value ?? '';
  });
}

function readDotEnv(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1] as string] = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** `KEY: value` maps and `KEY=value` lists alike: the path of each key's entry. */
function keyPaths(v: unknown, base: FieldPath): Record<string, FieldPath> {
  const out: Record<string, FieldPath> = {};
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (typeof item === 'string') out[item.split('=')[0] as string] = [...base, i];
    });
  } else if (isObject(v)) for (const k of Object.keys(v)) out[k] = [...base, k];
  return out;
}

const keyValues = (v: unknown, vars: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = interpolate(item.slice(eq + 1), vars);
    }
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = val == null ? '' : interpolate(String(val), vars);
  }
  return out;
};

function containerPorts(svc: Record<string, unknown>, vars: Record<string, string>): Set<number> {
  const ports = new Set<number>();
  const add = (spec: string): void => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(spec);
    if (!range) return;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    for (let p = from; p <= to && p - from < 1000; p++) ports.add(p);
  };
  for (const p of Array.isArray(svc.ports) ? svc.ports : []) {
    if (typeof p === 'string' || typeof p === 'number') add((interpolate(String(p), vars).split('/')[0] ?? '').split(':').pop() ?? '');
    else if (isObject(p) && p.target !== undefined) add(String(p.target));
  }
  for (const e of Array.isArray(svc.expose) ? svc.expose : []) add(interpolate(String(e), vars).split('/')[0] ?? '');
  return ports;
}

function exposedPorts(svc: Record<string, unknown>, name: string, vars: Record<string, string>): { port: number; path: FieldPath }[] {
  return (Array.isArray(svc.expose) ? svc.expose : []).flatMap((e: unknown, i) => {
    const spec = interpolate(String(e), vars).split('/')[0] ?? '';
    return /^\d+$/.test(spec) ? [{ port: Number(spec), path: ['services', name, 'expose', i] as FieldPath }] : [];
  });
}

function publishedPorts(svc: Record<string, unknown>, name: string, vars: Record<string, string>): { spec: string; path: FieldPath }[] {
  return (Array.isArray(svc.ports) ? svc.ports : []).flatMap((p: unknown, i) => {
    const path: FieldPath = ['services', name, 'ports', i];
    if (typeof p === 'string' || typeof p === 'number') return [{ spec: interpolate(String(p), vars), path }];
    if (!isObject(p)) return [];
    const long = [p.host_ip, p.published, p.target].filter((x) => x !== undefined && x !== null).map((x) => interpolate(String(x), vars));
    return [{ spec: long.join(':'), path }];
  });
}

function hostnames(name: string, svc: Record<string, unknown>): Set<string> {
  const names = new Set([name]);
  for (const k of ['container_name', 'hostname']) if (typeof svc[k] === 'string') names.add(svc[k] as string);
  if (isObject(svc.networks)) {
    for (const net of Object.values(svc.networks)) {
      if (isObject(net) && Array.isArray(net.aliases)) for (const a of net.aliases) if (typeof a === 'string') names.add(a);
    }
  }
  return names;
}

function bindMounts(svc: Record<string, unknown>, composeDir: string, vars: Record<string, string>): { source: string; target: string }[] {
  const out: { source: string; target: string }[] = [];
  for (const v of Array.isArray(svc.volumes) ? svc.volumes : []) {
    let source: string | undefined;
    let target: string | undefined;
    if (typeof v === 'string') {
      const parts = interpolate(v, vars).split(':');
      [source, target] = parts;
    } else if (isObject(v) && v.type === 'bind') {
      source = typeof v.source === 'string' ? interpolate(v.source, vars) : undefined;
      target = typeof v.target === 'string' ? v.target : undefined;
    }
    if (!source || !target || !/^[.~/]/.test(source)) continue; // a named volume
    if (source.startsWith('/') || source.startsWith('~')) continue; // outside the repository
    out.push({ source: posix.normalize(posix.join(composeDir, source)), target });
  }
  return out;
}

/** The compose stacks of the repository (normally compose/compose.yaml). */
export function loadComposeStacks(ctx: Pick<ObjectContext, 'files' | 'root'>, locator: Locator): ComposeStack[] {
  const stacks: ComposeStack[] = [];
  for (const f of ctx.files.filter(isComposeFile)) {
    let doc: unknown;
    try {
      doc = yaml().parse(f.text, { merge: true });
    } catch {
      continue; // the YAML check reports it
    }
    if (!isObject(doc) || !isObject(doc.services)) continue;
    const dir = posix.dirname(f.path);
    const vars = { ...readDotEnv(locator.sources.text(posix.join(dir, '.env'))) };
    const services: ComposeService[] = [];
    for (const [name, raw] of Object.entries(doc.services)) {
      if (!isObject(raw)) continue;
      services.push({
        name,
        file: f.path,
        image: typeof raw.image === 'string' ? interpolate(raw.image, vars) : undefined,
        environment: keyValues(raw.environment, vars),
        labels: keyValues(raw.labels, vars),
        paths: { environment: keyPaths(raw.environment, ['services', name, 'environment']), labels: keyPaths(raw.labels, ['services', name, 'labels']) },
        ports: containerPorts(raw, vars),
        exposed: exposedPorts(raw, name, vars),
        published: publishedPorts(raw, name, vars),
        hostnames: hostnames(name, raw),
        mounts: bindMounts(raw, dir, vars),
      });
    }
    stacks.push({ file: f.path, services, at: (path) => locator.inFile(f.path, path) });
  }
  return stacks;
}

/** Repository-relative files under a bind-mounted path (the path itself when it is a file). */
export function filesUnder(root: string, source: string): string[] {
  const abs = join(root, source);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [source];
  return readdirSync(abs, { recursive: true, withFileTypes: false })
    .map((p) => posix.join(source, String(p).split('\\').join('/')))
    .filter((p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile());
}

export const readRepoFile = (root: string, path: string): string | undefined => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
};
