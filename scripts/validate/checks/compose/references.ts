// Cross-checks the Compose schema cannot express: references between services, volumes and networks,
// host ports published twice, and bind mounts, build contexts, Dockerfiles and env files that do not exist.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { didYouMean } from '../../../lib/did-you-mean.ts';
import { gitIgnored } from '../../gitignore.ts';
import { locate, type LocatedYaml } from '../yaml-locate.ts';
import type { Finding } from '../../types.ts';

type Json = Record<string, unknown>;
type Path = (string | number)[];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Values that still hold `${VAR}` depend on the environment; they cannot be checked statically. */
const interpolated = (s: string): boolean => s.includes('${') || /\$[A-Za-z_]/.test(s);

interface Reporter {
  (rule: string, path: Path, message: string, key?: boolean): void;
}

/** `a`, `a:alias` (links) or the keys of the long form, each with the path of its node. */
function serviceRefs(value: unknown, base: Path): { name: string; path: Path; key: boolean }[] {
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string').map((v, i) => ({ name: v.split(':')[0]!, path: [...base, i], key: false }));
  }
  if (isObject(value)) return Object.keys(value).map((k) => ({ name: k, path: [...base, k], key: true }));
  return [];
}

/**
 * What a file merged onto another (`docker compose -f compose.yaml -f compose.extra.yaml`) may use
 * without defining it: the services, volumes and networks of the file it is merged onto.
 */
export interface MergedOnto {
  file: string;
  services: readonly string[];
  volumes: readonly string[];
  networks: readonly string[];
}

const NOTHING: MergedOnto = { file: '', services: [], volumes: [], networks: [] };

/** The names a compose document defines, for the files merged onto it. */
export function definedNames(file: string, data: unknown): MergedOnto {
  if (!isObject(data)) return { ...NOTHING, file };
  const keys = (v: unknown): string[] => (isObject(v) ? Object.keys(v) : []);
  return { file, services: keys(data.services), volumes: keys(data.volumes), networks: keys(data.networks) };
}

function checkServiceReferences(services: Json, onto: MergedOnto, report: Reporter): void {
  const names = [...new Set([...Object.keys(services), ...onto.services])];
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc)) continue;
    const refs = [
      ...serviceRefs(svc.depends_on, ['services', name, 'depends_on']).map((r) => ({ ...r, via: 'depends_on' })),
      ...serviceRefs(svc.links, ['services', name, 'links']).map((r) => ({ ...r, via: 'links' })),
    ];
    if (typeof svc.network_mode === 'string' && svc.network_mode.startsWith('service:')) {
      refs.push({ name: svc.network_mode.slice('service:'.length), path: ['services', name, 'network_mode'], key: false, via: 'network_mode' });
    }
    if (Array.isArray(svc.volumes_from)) {
      svc.volumes_from.forEach((v, i) => {
        if (typeof v === 'string' && !v.startsWith('container:')) {
          refs.push({ name: v.replace(/^service:/, '').split(':')[0]!, path: ['services', name, 'volumes_from', i], key: false, via: 'volumes_from' });
        }
      });
    }
    for (const ref of refs) {
      if (interpolated(ref.name) || names.includes(ref.name)) continue;
      report('compose-undefined-service', ref.path, `service "${name}" ${ref.via} refers to undefined service "${ref.name}"${didYouMean(ref.name, names)}`, ref.key);
    }
  }
}

interface Published {
  ip: string;
  port: number;
  protocol: string;
}

/** Host ports a `ports:` entry publishes: `[ip:]host:container[/proto]`, ranges, or the long form. */
function publishedPorts(entry: unknown): Published[] {
  let ip = '';
  let host = '';
  let protocol = 'tcp';
  if (typeof entry === 'string') {
    if (interpolated(entry)) return [];
    const [spec, proto] = entry.split('/');
    protocol = proto ?? 'tcp';
    const parts = spec!.split(':');
    if (parts.length < 2) return []; // container port only: Docker picks a free host port
    host = parts[parts.length - 2]!;
    ip = parts.slice(0, -2).join(':').replace(/^\[|\]$/g, '');
  } else if (isObject(entry)) {
    if (entry.published === undefined) return [];
    host = String(entry.published);
    ip = typeof entry.host_ip === 'string' ? entry.host_ip : '';
    protocol = typeof entry.protocol === 'string' ? entry.protocol : 'tcp';
  } else return [];
  const range = /^(\d+)(?:-(\d+))?$/.exec(host);
  if (!range) return [];
  const from = Number(range[1]);
  const to = range[2] ? Number(range[2]) : from;
  const out: Published[] = [];
  for (let p = from; p <= to && out.length < 1000; p++) out.push({ ip, port: p, protocol });
  return out;
}

const overlaps = (a: Published, b: Published): boolean =>
  a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '' || b.ip === '' || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');

function checkPortClashes(services: Json, report: Reporter): void {
  const seen: { service: string; pub: Published }[] = [];
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc) || !Array.isArray(svc.ports)) continue;
    svc.ports.forEach((entry, i) => {
      for (const pub of publishedPorts(entry)) {
        const clash = seen.find((s) => s.service !== name && overlaps(s.pub, pub));
        if (clash) {
          report('compose-port-clash', ['services', name, 'ports', i], `service "${name}" publishes host port ${pub.port}/${pub.protocol}, which service "${clash.service}" already publishes`);
          return;
        }
      }
      for (const pub of publishedPorts(entry)) seen.push({ service: name, pub });
    });
  }
}

interface Mount {
  type: 'bind' | 'volume';
  source: string;
}

/** Short syntax `src:dst[:mode]` (a source starting with `.`, `/` or `~` is a host path) or the long form. */
function mountOf(entry: unknown): Mount | null {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    if (parts.length < 2) return null; // anonymous volume
    const source = parts[0]!;
    return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source };
  }
  if (isObject(entry) && typeof entry.source === 'string') {
    if (entry.type === 'bind') return { type: 'bind', source: entry.source };
    if (entry.type === 'volume') return { type: 'volume', source: entry.source };
  }
  return null;
}

/** The tree's root: `absFile` less the tree-relative `file`. */
const treeRoot = (file: string, absFile: string): string => resolve(absFile, ...file.split('/').map(() => '..'));

function checkMounts(file: string, absFile: string, doc: Json, services: Json, onto: MergedOnto, report: Reporter): void {
  let ignored: ((path: string) => boolean) | undefined;
  const volumes = [...(isObject(doc.volumes) ? Object.keys(doc.volumes) : []), ...onto.volumes];
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc) || !Array.isArray(svc.volumes)) continue;
    svc.volumes.forEach((entry, i) => {
      const mount = mountOf(entry);
      if (!mount || interpolated(mount.source)) return;
      const path = ['services', name, 'volumes', i];
      if (mount.type === 'volume' && !volumes.includes(mount.source)) {
        report('compose-undefined-volume', path, `service "${name}" mounts volume "${mount.source}", which the top-level volumes: does not declare${didYouMean(mount.source, volumes)}`);
      }
      // Only paths relative to the compose file are the repository's business; absolute host paths
      // (e.g. /var/run/docker.sock) belong to the machine that runs the stack, not to this checkout.
      // A source the tree's .gitignore lists is made when the stack runs (Docker creates a missing
      // bind-mount source as a directory): absent from a checkout by design.
      if (mount.type === 'bind' && mount.source.startsWith('.')) {
        const source = resolve(dirname(absFile), mount.source);
        if (!existsSync(source) && !(ignored ??= gitIgnored(treeRoot(file, absFile)))(source)) {
          report('compose-missing-mount', path, `service "${name}" bind-mounts "${mount.source}", which does not exist relative to ${file}`);
        }
      }
    });
  }
}

const isRemote = (s: string): boolean => /^[a-z]+:\/\//i.test(s) || s.startsWith('git@');

/** Files the stack needs from the checkout besides mounts: build contexts, Dockerfiles and env files. */
function checkPaths(file: string, absFile: string, services: Json, report: Reporter): void {
  const base = dirname(absFile);
  const missing = (p: string, from = base): boolean => !interpolated(p) && !existsSync(resolve(from, p));
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc)) continue;
    const build = typeof svc.build === 'string' ? { context: svc.build } : isObject(svc.build) ? svc.build : null;
    if (build) {
      const context = typeof build.context === 'string' ? build.context : '.';
      const contextPath = typeof svc.build === 'string' ? ['services', name, 'build'] : ['services', name, 'build', 'context'];
      if (!isRemote(context) && missing(context)) {
        report('compose-missing-path', contextPath, `service "${name}" builds from context "${context}", which does not exist relative to ${file}`);
      } else if (!isRemote(context) && typeof build.dockerfile === 'string' && build.dockerfile_inline === undefined) {
        if (missing(build.dockerfile, resolve(base, context))) {
          report('compose-missing-path', ['services', name, 'build', 'dockerfile'], `service "${name}" builds with Dockerfile "${build.dockerfile}", which does not exist in its build context "${context}"`);
        }
      }
    }
    const envFiles = typeof svc.env_file === 'string' ? [svc.env_file] : Array.isArray(svc.env_file) ? svc.env_file : [];
    envFiles.forEach((entry, i) => {
      const path = typeof entry === 'string' ? entry : isObject(entry) && entry.required !== false && typeof entry.path === 'string' ? entry.path : null;
      if (path !== null && missing(path)) {
        report('compose-missing-path', typeof svc.env_file === 'string' ? ['services', name, 'env_file'] : ['services', name, 'env_file', i], `service "${name}" reads env_file "${path}", which does not exist relative to ${file}`);
      }
    });
  }
}

function checkNetworks(doc: Json, services: Json, onto: MergedOnto, report: Reporter): void {
  const networks = [...(isObject(doc.networks) ? Object.keys(doc.networks) : []), ...onto.networks];
  for (const [name, svc] of Object.entries(services)) {
    if (!isObject(svc)) continue;
    for (const ref of serviceRefs(svc.networks, ['services', name, 'networks'])) {
      if (ref.name === 'default' || interpolated(ref.name) || networks.includes(ref.name)) continue;
      report('compose-undefined-network', ref.path, `service "${name}" joins network "${ref.name}", which the top-level networks: does not declare${didYouMean(ref.name, networks)}`, ref.key);
    }
  }
}

/** @param onto what the file is merged onto, when it is not a stack of its own (compose/index.ts). */
export function checkComposeReferences(file: string, absFile: string, located: LocatedYaml, data: unknown, onto: MergedOnto = NOTHING): Finding[] {
  if (!isObject(data) || !isObject(data.services)) return [];
  const findings: Finding[] = [];
  const report: Reporter = (rule, path, message, key = false) => {
    const pos = locate(located, path, key);
    findings.push({ file, line: pos.line, column: pos.column, severity: 'error', rule, message });
  };
  checkServiceReferences(data.services, onto, report);
  checkPortClashes(data.services, report);
  checkMounts(file, absFile, data, data.services, onto, report);
  checkPaths(file, absFile, data.services, report);
  checkNetworks(data, data.services, onto, report);
  return findings;
}
