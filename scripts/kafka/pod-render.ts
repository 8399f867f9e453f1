// A container of the rendered manifests, run on this machine as far as its own start script goes:
// its environment resolved as the kubelet resolves it (ConfigMaps, Secrets, the downward API), its
// volumes as directories under a private temporary directory (Secrets written from values the
// caller provides), and its shell script run with bash, the pod's paths and Service names rewritten
// to those directories and loopback addresses. The real-Kafka harness uses it to start ZooKeeper and
// the brokers with the prod overlay's own JAAS files, listeners and SCRAM set-up instead of copies.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import { type BoundedRun, runBounded, runTool } from '../lib/tools.ts';

export interface RenderedObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec?: PodSpec }; volumeClaimTemplates?: { metadata: { name: string } }[] };
}

export class PodRenderError extends Error {}

/** The objects `kubectl kustomize <dir>` renders (dir relative to `cwd`). */
export async function renderKustomization(dir: string, cwd: string): Promise<RenderedObject[]> {
  const run = await runTool('kubectl', ['kustomize', dir], { cwd });
  if (run.exitCode !== 0) throw new PodRenderError(`kubectl kustomize ${dir} failed (exit ${run.exitCode}):\n${run.stderr.trim()}`);
  return parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as RenderedObject | null)
    .filter((o): o is RenderedObject => o !== null);
}

/** Secret values by Secret name and key: what `kubectl create secret` would hold. */
export type SecretValues = Record<string, Record<string, string | Buffer>>;

/** Every Secret key any workload of the render reads (secretKeyRef env and secret volumes with items). */
export function secretKeysReferenced(objects: readonly RenderedObject[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  const add = (name: string, key: string): void => void keys.set(name, (keys.get(name) ?? new Set()).add(key));
  for (const o of objects) {
    const pod = o.spec?.template?.spec;
    if (!pod) continue;
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name) add(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    }
    for (const v of pod.volumes ?? []) for (const item of v.secret?.items ?? []) if (v.secret?.secretName) add(v.secret.secretName, item.key);
  }
  return keys;
}

export interface PodContainer {
  workload: RenderedObject;
  pod: PodSpec;
  container: Container;
}

export function podContainer(objects: readonly RenderedObject[], kind: string, workload: string, container: string): PodContainer {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === workload);
  const pod = o?.spec?.template?.spec;
  if (!o || !pod) throw new PodRenderError(`the render has no ${kind} ${workload}`);
  const c = [...(pod.initContainers ?? []), ...pod.containers].find((x) => x.name === container);
  if (!c) throw new PodRenderError(`${kind} ${workload} has no container ${container}`);
  return { workload: o, pod, container: c };
}

function secretValue(secrets: SecretValues, name: string, key: string, who: string): string | Buffer {
  const value = secrets[name]?.[key];
  if (value === undefined) throw new PodRenderError(`${who} reads key ${key} of Secret ${name}, which the harness was not given`);
  return value;
}

/**
 * The container's environment as the kubelet builds it: envFrom ConfigMaps first, then env entries
 * in order (values, ConfigMap and Secret keys, metadata fields). `fields` answers fieldRef paths.
 */
export function containerEnv(objects: readonly RenderedObject[], pc: PodContainer, secrets: SecretValues, fields: Record<string, string>): Record<string, string> {
  const who = `${pc.workload.metadata.name}/${pc.container.name}`;
  const configMap = (name: string): Record<string, string> => {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    if (!map) throw new PodRenderError(`${who} reads ConfigMap ${name}, which is not in the render`);
    return map.data ?? {};
  };
  const env: Record<string, string> = {};
  for (const from of pc.container.envFrom ?? []) if (from.configMapRef?.name) Object.assign(env, configMap(from.configMapRef.name));
  for (const e of pc.container.env ?? []) {
    const ref = e.valueFrom;
    if (e.value !== undefined) env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole);
    else if (ref?.secretKeyRef) env[e.name] = secretValue(secrets, ref.secretKeyRef.name ?? '', ref.secretKeyRef.key, who).toString();
    else if (ref?.configMapKeyRef) env[e.name] = configMap(ref.configMapKeyRef.name ?? '')[ref.configMapKeyRef.key] ?? '';
    else if (ref?.fieldRef) {
      const value = fields[ref.fieldRef.fieldPath];
      if (value === undefined) throw new PodRenderError(`${who}: ${e.name} comes from field ${ref.fieldRef.fieldPath}, which the harness does not provide`);
      env[e.name] = value;
    } else env[e.name] = '';
  }
  return env;
}

/** Pod path (a mount point) -> directory on this machine. */
export type MountMap = ReadonlyMap<string, string>;

/**
 * Makes a directory under `root` for each of the container's volume mounts; a Secret volume gets its
 * files (its items, or every key the caller has for it), a ConfigMap volume its data. Volumes of the
 * same name share a directory across calls with the same root (an emptyDir shared by two containers);
 * a volume claim template's is empty, like a new volume.
 */
export async function materializeMounts(objects: readonly RenderedObject[], pc: PodContainer, root: string, secrets: SecretValues): Promise<Map<string, string>> {
  const mounts = new Map<string, string>();
  for (const m of pc.container.volumeMounts ?? []) {
    const volume = pc.pod.volumes?.find((v) => v.name === m.name) ?? (pc.workload.spec?.volumeClaimTemplates?.some((t) => t.metadata.name === m.name) ? { name: m.name } : undefined);
    if (!volume) throw new PodRenderError(`${pc.workload.metadata.name}/${pc.container.name} mounts ${m.name}, which the pod does not declare`);
    const dir = join(root, `volume-${m.name}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (volume.secret?.secretName) {
      const name = volume.secret.secretName;
      const keys = volume.secret.items?.map((i) => ({ key: i.key, path: i.path })) ?? Object.keys(secrets[name] ?? {}).map((key) => ({ key, path: key }));
      for (const { key, path } of keys) await writeFile(join(dir, path), secretValue(secrets, name, key, `volume ${m.name}`), { mode: 0o600 });
    } else if (volume.configMap?.name) {
      const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap?.name);
      for (const [key, value] of Object.entries(map?.data ?? {})) await writeFile(join(dir, key), value);
    }
    mounts.set(m.mountPath, dir);
  }
  return mounts;
}

/**
 * `text` with every pod path under a mount point turned into the directory on this machine, and every
 * `from` address (a Service's host:port) into its `to`. Longest mount first, and only at a path
 * boundary, so /etc/kafka/secrets wins over /etc/kafka and /etc/kafka-sasl-users is neither.
 */
export function rewritePodText(text: string, mounts: MountMap, addresses: Readonly<Record<string, string>> = {}): string {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const paths = [...mounts.keys()].sort((a, b) => b.length - a.length);
  let out = text;
  if (paths.length > 0) {
    const re = new RegExp(`(?<![\\w.-])(${paths.map(escape).join('|')})(?=[/"'\\s;:)]|$)`, 'gm');
    out = out.replace(re, (path: string) => mounts.get(path)!);
  }
  for (const [from, to] of Object.entries(addresses)) out = out.replace(new RegExp(`(?<![\\w.-])${escape(from)}(?![\\w.-])`, 'g'), to);
  return out;
}

/** A script's result: its exit code and output (scripts/lib/tools.ts, runBounded). */
export type ScriptRun = BoundedRun;

/** Runs a script with bash in a clean environment (PATH and HOME from this process, then `env`), bounded in time. */
export function runPodScript(script: string, env: Record<string, string>, timeoutMs = 120_000): Promise<ScriptRun> {
  return runBounded('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeoutMs, timeoutSignal: 'SIGKILL' });
}

/** The image's start command the containers hand over to with exec. */
export const CONFLUENT_RUN = 'exec /etc/confluent/docker/run';

/**
 * Runs a Confluent container's start script up to the image's own start (`exec /etc/confluent/docker/run`),
 * which is replaced by printing the environment the script hands over; returns that environment.
 */
export async function environmentAtImageStart(script: string, env: Record<string, string>, who: string): Promise<Record<string, string>> {
  if (!script.includes(CONFLUENT_RUN)) throw new PodRenderError(`${who}: its script does not end in '${CONFLUENT_RUN}'; the harness cannot tell where the image takes over`);
  const run = await runPodScript(script.replace(CONFLUENT_RUN, 'exec env -0'), env);
  if (run.code !== 0) throw new PodRenderError(`${who}: its start script failed on this machine (exit ${run.code}):\n${run.stderr.trim()}`);
  return Object.fromEntries(
    run.stdout
      .split('\0')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** The script a container runs: `command: [bash, -c]` with the script as the one argument. */
export function containerScript(pc: PodContainer): string {
  const { command, args } = pc.container;
  const shell = command?.[0] ?? '';
  if (!/(^|\/)(ba)?sh$/.test(shell) || command?.[1] !== '-c' || args?.length !== 1) {
    throw new PodRenderError(`${pc.workload.metadata.name}/${pc.container.name} is not a 'bash -c <script>' container (command ${JSON.stringify(command)})`);
  }
  return args[0]!;
}
