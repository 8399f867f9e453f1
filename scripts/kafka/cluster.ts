// A real Apache Kafka cluster on loopback, for the tests, the benchmark and `npm run kafka`:
// one ZooKeeper and N brokers (ZooKeeper mode), each a JVM with a small heap, on free ports, with
// the broker settings the typed environment source gives (scripts/environments.ts). Everything it
// writes (data, configs, one log file per JVM) lives in one temporary directory, removed on a clean
// stop and kept, with its path printed, when the caller says something failed.
//
//   const cluster = await startKafkaCluster({ environment: environments.prod });
//   cluster.bootstrap;                  // "127.0.0.1:41001,127.0.0.1:41002,127.0.0.1:41003"
//   await cluster.killBroker(2);        // SIGKILL: a crash; 'SIGTERM' for a controlled shutdown
//   await cluster.restartBroker(2);
//   await cluster.stop();               // or stop({ keepLogs: true }) after a failure
//
// Extra broker properties and JVM options go in through `brokerProperties` and `jvmOptions`; both win
// over the defaults. Transport security (a SASL_SSL listener, JAAS files, SCRAM users created before
// the brokers start, an authenticated readiness probe) goes in as `security`: see prod-security.ts,
// which takes all of it from the prod render.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs, { type SASLOptions } from 'kafkajs';
import type { Environment } from '../environments.ts';
import { kafkaClasspath } from './artifacts.ts';

const { Kafka, logLevel } = kafkajs;

export interface BrokerInfo {
  id: number;
  port: number;
  /** host:port a client uses. */
  address: string;
  dataDir: string;
  logFile: string;
  propertiesFile: string;
}

/** How clients reach the brokers when they authenticate: what kafkajs takes as `ssl` and `sasl`. */
export interface KafkajsAuth {
  ssl: { ca: string[] };
  sasl: SASLOptions;
}

/** Transport security for the whole cluster; the cluster calls these at the right moments. */
export interface TransportSecurity {
  zookeeperJvmOptions: readonly string[];
  brokerJvmOptions: readonly string[];
  /** Listener, SASL and TLS properties of one broker; between the environment's settings and `brokerProperties`. */
  brokerProperties(broker: { id: number; port: number }): Record<string, string>;
  /** After ZooKeeper is up, before any broker starts (e.g. SCRAM credentials written into ZooKeeper). */
  beforeBrokers(cluster: KafkaCluster): Promise<void>;
  /** The harness's own client (readiness probe): the brokers' own credentials. */
  adminAuth: KafkajsAuth;
  /** Removes what it wrote (keys, passwords), unless `keep`. */
  cleanup(keep: boolean): Promise<void>;
}

export interface KafkaClusterOptions {
  /** Brokers and replication settings come from this environment (its kafka section). */
  environment: Environment;
  /** Broker count; the environment's by default. */
  brokers?: number;
  /** Extra or overriding server.properties entries, per broker. */
  brokerProperties?: (broker: { id: number; port: number }) => Record<string, string>;
  /** Extra JVM options for every broker (e.g. -Djava.security.auth.login.config=...). */
  jvmOptions?: readonly string[];
  /** SASL/TLS listeners and their set-up; PLAINTEXT without it. */
  security?: TransportSecurity;
  /** Heap limit of each JVM. */
  heap?: string;
  /** Port of the first broker; the others take free ports. Default: a free port. */
  firstBrokerPort?: number;
  /** Full JIT (C2): slower start, faster broker; for the benchmark. */
  peakJit?: boolean;
  /** Where progress lines go (default: nowhere). */
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** The settings every broker gets from the environment (the prod overlay's, for prod). */
export function environmentBrokerProperties(env: Environment, brokers: number): Record<string, string> {
  const rf = Math.min(env.kafka.replicationFactor, brokers);
  return {
    'num.partitions': String(env.kafka.partitions),
    'default.replication.factor': String(rf),
    'min.insync.replicas': String(Math.min(env.kafka.minInsyncReplicas, rf)),
    'offsets.topic.replication.factor': String(rf),
    'transaction.state.log.replication.factor': String(rf),
    'transaction.state.log.min.isr': String(Math.min(env.kafka.minInsyncReplicas, rf)),
    'auto.create.topics.enable': 'false',
    'unclean.leader.election.enable': 'false',
    'controlled.shutdown.enable': 'true',
  };
}

/** Loopback-sized: few threads and partitions for internal topics, so a 2-core machine copes. */
const SMALL_MACHINE_PROPERTIES: Record<string, string> = {
  'num.network.threads': '2',
  'num.io.threads': '2',
  'background.threads': '2',
  'num.recovery.threads.per.data.dir': '1',
  'offsets.topic.num.partitions': '3',
  'transaction.state.log.num.partitions': '3',
  'group.initial.rebalance.delay.ms': '0',
  // The manifests' value (18 s). Shorter would notice a killed broker sooner, but on a busy 2-core
  // machine a starved JVM then loses its session during start-up and exits.
  'zookeeper.session.timeout.ms': '18000',
  'log.retention.check.interval.ms': '300000',
};

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  // The per-request and per-partition chatter says nothing a test needs.
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.state.change.logger=WARN',
  'log4j.logger.kafka.log.LogCleaner=WARN',
  'log4j.logger.org.apache.kafka.storage.internals.log=WARN',
  'log4j.logger.kafka.log=WARN',
  '',
].join('\n');

export class KafkaClusterError extends Error {}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new KafkaClusterError('the OS assigned no port');
  return address.port;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Jvm {
  child: ChildProcess;
  out: WriteStream;
  exited: Promise<void>;
}

export class KafkaCluster {
  readonly brokers: BrokerInfo[] = [];
  private readonly jvms = new Map<string, Jvm>();
  private stopped = false;
  private readonly onExit = (): void => this.killAllNow();

  private constructor(
    readonly dir: string,
    readonly classpath: string,
    readonly zookeeperPort: number,
    private readonly options: KafkaClusterOptions,
  ) {
    // A test runner or script that exits without stop() must not leave JVMs behind.
    process.once('exit', this.onExit);
  }

  /** Comma-separated host:port of every broker, as KAFKA_BROKERS takes it. */
  get bootstrap(): string {
    return this.brokers.map((b) => b.address).join(',');
  }

  get zookeeperConnect(): string {
    return `127.0.0.1:${this.zookeeperPort}`;
  }

  static async start(options: KafkaClusterOptions): Promise<KafkaCluster> {
    const log = options.log ?? (() => {});
    // The lib/* wildcard (expanded by java itself) keeps command lines and wrapper scripts short.
    const classpath = join((await kafkaClasspath(log)).dir, 'lib', '*');
    const dir = await mkdtemp(join(tmpdir(), 'kafka-cluster-'));
    await mkdir(join(dir, 'logs'));
    await writeFile(join(dir, 'log4j.properties'), LOG4J);
    const cluster = new KafkaCluster(dir, classpath, await freeLoopbackPort(), options);
    try {
      await cluster.startZookeeper();
      await options.security?.beforeBrokers(cluster);
      const count = options.brokers ?? options.environment.kafka.brokers;
      for (let id = 1; id <= count; id++) {
        const port = id === 1 && options.firstBrokerPort ? options.firstBrokerPort : await freeLoopbackPort();
        cluster.brokers.push(await cluster.writeBrokerConfig(id, port));
      }
      // Brokers start in parallel: each JVM spends most of its start-up on class loading.
      await Promise.all(cluster.brokers.map((b) => cluster.startBroker(b)));
      await cluster.waitForMetadata();
      log(`kafka cluster: ${count} broker(s) at ${cluster.bootstrap}, ZooKeeper at ${cluster.zookeeperConnect}; files in ${dir}`);
      return cluster;
    } catch (error) {
      await cluster.stop({ keepLogs: true });
      throw error;
    }
  }

  private javaArgs(main: string, extra: readonly string[], heap = this.options.heap ?? '256m'): string[] {
    return [
      `-Xmx${heap}`,
      '-Xms32m',
      '-XX:+UseSerialGC',
      // C1 only: a third less CPU to start a JVM; the benchmark turns C2 back on for peak speed.
      ...(this.options.peakJit ? [] : ['-XX:TieredStopAtLevel=1']),
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(this.dir, 'log4j.properties')}`,
      ...extra,
      '-cp',
      this.classpath,
      main,
    ];
  }

  private spawnJvm(name: string, main: string, args: string[], jvmOptions: readonly string[] = []): Jvm {
    const out = createWriteStream(join(this.dir, 'logs', `${name}.log`), { flags: 'a' });
    const child = spawn('java', [...this.javaArgs(main, jvmOptions), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const jvm = { child, out, exited };
    this.jvms.set(name, jvm);
    return jvm;
  }

  private async startZookeeper(): Promise<void> {
    const dataDir = join(this.dir, 'zookeeper');
    await mkdir(dataDir);
    const cfg = join(this.dir, 'zoo.cfg');
    await writeFile(
      cfg,
      [`dataDir=${dataDir}`, `clientPort=${this.zookeeperPort}`, 'clientPortAddress=127.0.0.1', 'tickTime=2000', 'admin.enableServer=false', 'maxClientCnxns=0', ''].join('\n'),
    );
    const jvm = this.spawnJvm('zookeeper', 'org.apache.zookeeper.server.quorum.QuorumPeerMain', [cfg], this.options.security?.zookeeperJvmOptions);
    await this.waitUntil('ZooKeeper', jvm, () => portOpen(this.zookeeperPort), join(this.dir, 'logs', 'zookeeper.log'));
  }

  private async writeBrokerConfig(id: number, port: number): Promise<BrokerInfo> {
    const dataDir = join(this.dir, `broker-${id}`, 'data');
    await mkdir(dataDir, { recursive: true });
    const count = this.options.brokers ?? this.options.environment.kafka.brokers;
    const properties: Record<string, string> = {
      'broker.id': String(id),
      listeners: `PLAINTEXT://127.0.0.1:${port}`,
      'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
      'zookeeper.connect': this.zookeeperConnect,
      'log.dirs': dataDir,
      ...SMALL_MACHINE_PROPERTIES,
      ...environmentBrokerProperties(this.options.environment, count),
      ...this.options.security?.brokerProperties({ id, port }),
      ...this.options.brokerProperties?.({ id, port }),
    };
    const propertiesFile = join(this.dir, `broker-${id}`, 'server.properties');
    await writeFile(propertiesFile, `${Object.entries(properties).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
    return { id, port, address: `127.0.0.1:${port}`, dataDir, propertiesFile, logFile: join(this.dir, 'logs', `broker-${id}.log`) };
  }

  private async startBroker(broker: BrokerInfo): Promise<void> {
    const jvm = this.spawnJvm(`broker-${broker.id}`, 'kafka.Kafka', [broker.propertiesFile], [...(this.options.security?.brokerJvmOptions ?? []), ...(this.options.jvmOptions ?? [])]);
    const started = new RegExp(`\\[KafkaServer id=${broker.id}\\] started`);
    await this.waitUntil(`broker ${broker.id}`, jvm, async () => started.test(readIfExists(broker.logFile)) && (await portOpen(broker.port)), broker.logFile);
  }

  private async waitUntil(what: string, jvm: Jvm, ready: () => Promise<boolean>, logFile: string): Promise<void> {
    const timeoutMs = this.options.startTimeoutMs ?? 180_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (jvm.child.exitCode !== null || jvm.child.signalCode !== null) {
        throw new KafkaClusterError(`${what} exited (${jvm.child.exitCode ?? jvm.child.signalCode}) while starting; its log (${logFile}) ends:\n${tail(logFile)}`);
      }
      if (await ready()) return;
      await sleep(200);
    }
    throw new KafkaClusterError(`${what} did not start within ${timeoutMs} ms; its log (${logFile}) ends:\n${tail(logFile)}`);
  }

  /**
   * Until every running broker's metadata lists every running broker: only then can a topic with
   * the full replication factor be created, whichever broker a client asks. With transport security
   * the probe speaks the listener's protocol and logs in as the brokers do.
   */
  async waitForMetadata(timeoutMs = this.options.startTimeoutMs ?? 180_000): Promise<void> {
    const running = this.brokers.filter((b) => this.isRunning(b.id));
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (const broker of running) {
      const admin = new Kafka({ brokers: [broker.address], logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...this.options.security?.adminAuth }).admin();
      try {
        for (;;) {
          try {
            await admin.connect();
            const { brokers } = await admin.describeCluster();
            if (brokers.length >= running.length) break;
            last = `broker ${broker.id} knows ${brokers.length} of ${running.length} brokers`;
          } catch (error) {
            last = `broker ${broker.id}: ${(error as Error).message}`;
          }
          if (Date.now() > deadline) throw new KafkaClusterError(`the brokers did not agree on the cluster within ${timeoutMs} ms (${last});\n${this.logTails(20)}`);
          await sleep(250);
        }
      } finally {
        await admin.disconnect();
      }
    }
  }

  isRunning(id: number): boolean {
    const jvm = this.jvms.get(`broker-${id}`);
    return jvm !== undefined && jvm.child.exitCode === null && jvm.child.signalCode === null;
  }

  broker(id: number): BrokerInfo {
    const broker = this.brokers.find((b) => b.id === id);
    if (!broker) throw new KafkaClusterError(`no broker ${id}; the brokers are ${this.brokers.map((b) => b.id).join(', ')}`);
    return broker;
  }

  /** SIGKILL (a crash, the default) or SIGTERM (controlled shutdown); resolves when it has exited. */
  async killBroker(id: number, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    this.broker(id);
    const jvm = this.jvms.get(`broker-${id}`);
    if (!jvm || jvm.child.exitCode !== null || jvm.child.signalCode !== null) return;
    jvm.child.kill(signal);
    await jvm.exited;
  }

  async restartBroker(id: number): Promise<void> {
    await this.killBroker(id, 'SIGTERM');
    // After a crash, ZooKeeper keeps the dead broker's registration until its session expires;
    // a broker that finds it there exits. It is tried again until then.
    const deadline = Date.now() + 45_000;
    for (;;) {
      try {
        await this.startBroker(this.broker(id));
        break;
      } catch (error) {
        if (!(error instanceof KafkaClusterError && /NodeExists/.test(error.message)) || Date.now() > deadline) throw error;
        await sleep(1_000);
      }
    }
    await this.waitForMetadata();
  }

  /** Runs a Kafka CLI class (org.apache.kafka.tools.TopicCommand, ...) from the same artifacts. */
  javaCommand(main: string, args: readonly string[]): { command: string; args: string[] } {
    return { command: 'java', args: [...this.javaArgs(main, [], '128m'), ...args] };
  }

  /**
   * Writes `kafka-topics`, `kafka-configs` and `kafka-acls` (the names the Confluent image puts on the
   * PATH) as scripts that run the CLI classes of the same artifacts; returns their directory, for PATH.
   * Like the image's scripts they pass $KAFKA_OPTS to the JVM (a JAAS file for ZooKeeper, say).
   */
  async writeCliWrappers(): Promise<string> {
    const bin = join(this.dir, 'bin');
    await mkdir(bin, { recursive: true });
    const tools: Record<string, string> = { 'kafka-topics': 'org.apache.kafka.tools.TopicCommand', 'kafka-configs': 'kafka.admin.ConfigCommand', 'kafka-acls': 'kafka.admin.AclCommand' };
    const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    for (const [name, main] of Object.entries(tools)) {
      const { command, args } = this.javaCommand(main, []);
      // args ends in -cp <classpath> <main>: the options go before them.
      const jvm = args.slice(0, -3).map(quote).join(' ');
      const tail = args.slice(-3).map(quote).join(' ');
      await writeFile(join(bin, name), `#!/bin/sh\n# Written by scripts/kafka/cluster.ts: Kafka's ${name} from the Maven artifacts.\n# shellcheck disable=SC2086\nexec ${quote(command)} ${jvm} \${KAFKA_OPTS:-} ${tail} "$@"\n`, { mode: 0o755 });
    }
    return bin;
  }

  /** The last lines of every JVM's log, for a failure message. */
  logTails(lines = 40): string {
    return [...this.jvms.keys()].map((name) => `--- ${name} (${join(this.dir, 'logs', `${name}.log`)}):\n${tail(join(this.dir, 'logs', `${name}.log`), lines)}`).join('\n');
  }

  /**
   * Stops the brokers (SIGTERM: a controlled shutdown, SIGKILL after 20 s), then ZooKeeper.
   * keepLogs leaves the directory in place and prints where it is.
   */
  async stop(options: { keepLogs?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const brokers = [...this.jvms.entries()].filter(([name]) => name !== 'zookeeper').map(([, jvm]) => jvm);
    await Promise.all(brokers.map((jvm) => stopJvm(jvm, 20_000)));
    const zookeeper = this.jvms.get('zookeeper');
    if (zookeeper) await stopJvm(zookeeper, 10_000);
    process.off('exit', this.onExit);
    await this.options.security?.cleanup(options.keepLogs === true);
    if (options.keepLogs) {
      process.stderr.write(`kafka cluster: logs and data kept in ${this.dir}\n`);
    } else {
      await rm(this.dir, { recursive: true, force: true });
    }
  }

  private killAllNow(): void {
    for (const { child } of this.jvms.values()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}

async function stopJvm(jvm: Jvm, graceMs: number): Promise<void> {
  const { child } = jvm;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await jvm.exited;
    clearTimeout(timer);
  }
  await new Promise<void>((resolve) => jvm.out.end(() => resolve()));
}

/** The file's text, or '' while the JVM has not created it yet. */
function readIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

export const startKafkaCluster = (options: KafkaClusterOptions): Promise<KafkaCluster> => KafkaCluster.start(options);
