// A real Spark standalone cluster on loopback for tests: the Master and Worker classes of the spark-core jars
// that Maven resolved (scripts/lib/maven.ts), run with the generated config/<env>/spark-defaults.conf as
// SPARK_CONF_DIR and the variables of the generated spark-env.sh, on free ports that stand in for the
// platform's 7077 (master RPC), 8080 (master UI) and 8081 (worker UI). Daemon heaps are small (-Xmx256m, what
// SPARK_DAEMON_MEMORY would give); every process is stopped by stop(), also when a start fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { environments, type EnvName } from '../../../scripts/environments.ts';
import { REPO } from '../repo-copy.ts';
import { freePort } from '../ports.ts';
import { inCI } from '../tools.ts';
import { MavenResolveError, mavenSetUnavailable, resolveMavenClasspath, type ResolvedClasspath } from '../../../scripts/lib/maven.ts';
import { sparkArtifacts } from '../spark-artifacts.ts';

export const DAEMON_HEAP = '256m';

/** What the master's /json/ endpoint reports of one worker (the fields the tests read). */
export interface MasterWorker {
  id: string;
  host: string;
  port: number;
  webuiaddress: string;
  cores: number;
  memory: number;
  state: string;
}

export interface MasterStatus {
  url: string;
  status: string;
  aliveworkers: number;
  workers: MasterWorker[];
}

export interface SparkCluster {
  /** spark://127.0.0.1:<port> */
  masterUrl: string;
  masterUi: string;
  /** One web UI (and Prometheus servlet) per worker, as many workers as the environment runs. */
  workerUis: string[];
  /** The variables spark-env.sh exported, as the daemons got them. */
  sparkEnv: Record<string, string>;
  masterStatus(): Promise<MasterStatus>;
  /** Polls the master until `accept` holds (bounded). */
  waitForMaster(accept: (s: MasterStatus) => boolean, what: string, timeoutMs?: number): Promise<MasterStatus>;
  /** Stops worker `i` (SIGTERM, as Kubernetes stops a pod). */
  stopWorker(i: number): Promise<void>;
  /** Starts worker `i` again and waits until it is registered. */
  startWorker(i: number): Promise<void>;
  stop(): Promise<void>;
}

/** Spark's classpath, or null after marking the test skipped (outside CI) when Java or Maven is missing. */
export async function requireSpark(t: TestContext): Promise<ResolvedClasspath | null> {
  const why = mavenSetUnavailable(sparkArtifacts);
  if (why) {
    if (inCI()) throw new Error(`Spark is required in CI: ${why}`);
    console.log(`# skipped: ${why}`);
    t.skip(why);
    return null;
  }
  try {
    return await resolveMavenClasspath(sparkArtifacts, { log: (line) => console.log(`# ${line}`) });
  } catch (error) {
    if (error instanceof MavenResolveError && !inCI()) {
      console.log(`# skipped: ${error.message}`);
      t.skip(error.message);
      return null;
    }
    throw error;
  }
}

/** The variables a generated spark-env.sh exports, read by sourcing it in bash as Spark's launch scripts do. */
export function readSparkEnv(file: string): Record<string, string> {
  const run = spawnSync('bash', ['-c', 'set -a; . "$1"; env -0', 'spark-env', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 10_000 });
  if (run.status !== 0) throw new Error(`sourcing ${file} failed: ${run.stderr}`);
  const vars: Record<string, string> = {};
  for (const entry of run.stdout.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && entry.startsWith('SPARK_')) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return vars;
}

interface Daemon {
  child: ChildProcess;
  output: () => string;
}

function startDaemon(classpath: string, mainClass: string, args: string[], env: NodeJS.ProcessEnv): Daemon {
  const child = spawn('java', [`-Xmx${DAEMON_HEAP}`, '-XX:+UseSerialGC', '-cp', classpath, mainClass, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: string): void => {
    out = (out + chunk).slice(-20_000);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  return { child, output: () => out };
}

async function stopDaemon(d: Daemon | null, timeoutMs = 20_000): Promise<void> {
  if (!d || d.child.exitCode !== null || d.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => d.child.once('exit', () => resolve()));
  d.child.kill('SIGTERM');
  const timer = setTimeout(() => d.child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil<T>(probe: () => Promise<T | null>, what: string, timeoutMs: number, diagnostics: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${diagnostics()}`);
    await sleep(300);
  }
}

/** Starts a master and the environment's number of workers with config/<env>'s Spark files; the test stops them with stop(). */
export async function startSparkCluster(cp: ResolvedClasspath, envName: EnvName): Promise<SparkCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'spark-test-'));
  const confDir = join(dir, 'conf');
  await mkdir(confDir);
  const [masterPort, masterUiPort] = [await freePort(), await freePort()];
  const workerPorts: { rpc: number; ui: number }[] = [];
  for (let i = 0; i < environments[envName].spark.workers; i++) workerPorts.push({ rpc: await freePort(), ui: await freePort() });
  const masterUrl = `spark://127.0.0.1:${masterPort}`;
  // The committed files, as the images mount them (the drift check keeps them equal to the generator's
  // output). Only the master's address changes: spark-master:7077 does not resolve here.
  const defaults = await readFile(join(REPO, 'config', envName, 'spark-defaults.conf'), 'utf8');
  await writeFile(join(confDir, 'spark-defaults.conf'), defaults.replace(/^(spark\.master\s+).*$/m, `$1${masterUrl}`));
  const sparkEnv = readSparkEnv(join(REPO, 'config', envName, 'spark-env.sh'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    ...sparkEnv,
    SPARK_HOME: dir,
    SPARK_CONF_DIR: confDir,
    SPARK_WORKER_DIR: join(dir, 'work'),
    SPARK_LOCAL_DIRS: join(dir, 'local'),
    // Every socket and web UI on loopback.
    SPARK_LOCAL_IP: '127.0.0.1',
  };
  let master: Daemon | null = null;
  const workers: (Daemon | null)[] = workerPorts.map(() => null);
  const masterUi = `http://127.0.0.1:${masterUiPort}`;
  const workerUis = workerPorts.map((p) => `http://127.0.0.1:${p.ui}`);
  const diagnostics = (): string =>
    [`master output:\n${master?.output() ?? ''}`, ...workers.map((w, i) => `worker ${i} output:\n${w?.output() ?? ''}`)].join('\n');

  const masterStatus = async (): Promise<MasterStatus> => {
    const res = await fetch(`${masterUi}/json/`);
    if (!res.ok) throw new Error(`${masterUi}/json/ answered ${res.status}`);
    return (await res.json()) as MasterStatus;
  };
  const tryStatus = (): Promise<MasterStatus | null> => masterStatus().catch(() => null);
  const waitForMaster: SparkCluster['waitForMaster'] = (accept, what, timeoutMs = 90_000) =>
    waitUntil(async () => {
      const s = await tryStatus();
      return s && accept(s) ? s : null;
    }, `Spark master: ${what}`, timeoutMs, diagnostics);

  const startWorker = async (i: number): Promise<void> => {
    const ports = workerPorts[i];
    if (!ports) throw new Error(`no worker ${i}: the environment runs ${workerPorts.length}`);
    await stopDaemon(workers[i] ?? null);
    workers[i] = startDaemon(
      cp.classpath,
      'org.apache.spark.deploy.worker.Worker',
      [masterUrl, '--host', '127.0.0.1', '--port', String(ports.rpc), '--webui-port', String(ports.ui)],
      env,
    );
    await waitForMaster((s) => s.workers.some((w) => w.port === ports.rpc && w.state === 'ALIVE'), `worker ${i} registers`, 120_000);
  };
  const stopWorker = async (i: number): Promise<void> => {
    await stopDaemon(workers[i] ?? null);
  };
  const stop = async (): Promise<void> => {
    for (const w of workers) await stopDaemon(w);
    await stopDaemon(master);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    master = startDaemon(
      cp.classpath,
      'org.apache.spark.deploy.master.Master',
      ['--host', '127.0.0.1', '--port', String(masterPort), '--webui-port', String(masterUiPort)],
      env,
    );
    await waitForMaster((s) => s.status === 'ALIVE', 'ALIVE', 120_000);
    for (let i = 0; i < workerPorts.length; i++) await startWorker(i);
  } catch (error) {
    await stop();
    throw error;
  }
  return { masterUrl, masterUi, workerUis, sparkEnv, masterStatus, waitForMaster, stopWorker, startWorker, stop };
}
