// `npm run kafka [-- --env dev|prod] [--port N] [--mock]`: a Kafka for the producer on this
// machine, without Docker. Real Apache Kafka (ZooKeeper mode, from Maven Central; needs Java and
// Maven) with the environment's broker settings and its topic created by the kafka-topics Job's
// script; librdkafka's mock cluster when Java or Maven is missing (or with --mock). Prints the
// bootstrap address and the producer command, runs until Ctrl-C or SIGTERM, then stops everything.
// Exit status: 0 stopped cleanly, 1 the cluster failed, 2 bad usage or nothing to run here.
import { parseArgs } from 'node:util';
import { environments, type EnvName } from '../environments.ts';
import { KAFKA_VERSION, kafkaClasspath, kafkaUnavailable } from './artifacts.ts';
import { javaUnavailable } from '../lib/maven.ts';
import { freeLoopbackPort, startKafkaCluster, type KafkaCluster } from './cluster.ts';
import { runCreateTopicsScript, topicScriptEnv } from './topics.ts';
import { MOCK_KAFKA_INSTALL_HINT, mockKafkaUnavailable, startMockKafka } from '../bench/mock-kafka-cluster.ts';

const say = (line: string): void => void process.stdout.write(`kafka: ${line}\n`);
const fail = (line: string, code: number): never => {
  process.stderr.write(`kafka: ${line}\n`);
  process.exit(code);
};

function options(): { env: EnvName; port: number | null; mock: boolean; resolveOnly: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        env: { type: 'string', default: 'dev' },
        port: { type: 'string' },
        mock: { type: 'boolean', default: false },
        'resolve-only': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}\nusage: npm run kafka [-- --env dev|prod] [--port N] [--mock]`, 2);
  }
  if (values.help) {
    process.stdout.write('usage: npm run kafka [-- --env dev|prod] [--port N] [--mock]\n  --env   broker count and settings, topic: dev (1 broker, logs-topic; default) or prod (3 brokers, prod-logs-topic)\n  --port  first broker\'s port (default 9092 when free, else a free port)\n  --mock  librdkafka\'s mock cluster instead of real Kafka\n  --resolve-only  download Kafka into the Maven cache and exit (what .ci/run does)\n');
    process.exit(0);
  }
  if (values.env !== 'dev' && values.env !== 'prod') return fail(`--env: '${values.env}' is not dev or prod`, 2);
  let port: number | null = null;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) return fail(`--port: '${values.port}' is not a TCP port (1-65535)`, 2);
  }
  return { env: values.env, port, mock: values.mock === true, resolveOnly: values['resolve-only'] === true };
}

/** Resolves on the first SIGINT/SIGTERM; a second one (a second or more later) exits at once. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: number | null = null;
    const handler = (signal: NodeJS.Signals): void => {
      if (first === null) {
        first = performance.now();
        resolve(signal);
      } else if (performance.now() - first > 1_000) {
        process.stderr.write(`kafka: ${signal} again; exiting without waiting (JVMs are killed)\n`);
        process.exit(130);
      }
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

async function portFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function runMock(reason: string): Promise<number> {
  const unavailable = mockKafkaUnavailable();
  if (unavailable) return fail(`${reason}, and the mock cluster cannot start either: ${unavailable}; ${MOCK_KAFKA_INSTALL_HINT}`, 2);
  say(`${reason}: starting librdkafka's mock cluster instead (not Apache Kafka: no idempotent producer, topics auto-created, a few MB per partition)`);
  const stopped = stopSignal();
  const mock = await startMockKafka(3);
  say(`ready: bootstrap ${mock.bootstrap}`);
  say(`try:   npm run producer -- --brokers ${mock.bootstrap} --idempotence false --max-in-flight 4`);
  say('Ctrl-C or SIGTERM stops it');
  const signal = await stopped;
  say(`${signal}: stopping`);
  await mock.stop();
  say('stopped');
  return 0;
}

async function runReal(envName: EnvName, requestedPort: number | null): Promise<number> {
  const env = environments[envName];
  const stopped = stopSignal();
  let port = requestedPort ?? 9092;
  if (!(await portFree(port))) {
    if (requestedPort !== null) return fail(`port ${port} is in use; choose another with --port`, 2);
    port = await freeLoopbackPort();
  }
  say(`starting Apache Kafka ${KAFKA_VERSION} (ZooKeeper mode), ${env.kafka.brokers} broker(s) with the ${env.name} settings; the first run downloads it with Maven`);
  let cluster: KafkaCluster;
  try {
    cluster = await startKafkaCluster({ environment: env, firstBrokerPort: port, log: say });
  } catch (error) {
    return fail(`the cluster did not start: ${(error as Error).message}`, 1);
  }
  let code = 0;
  const topic = topicScriptEnv(env, env.kafka.brokers);
  const created = await runCreateTopicsScript(cluster, topic);
  if (created.exitCode !== 0) {
    process.stderr.write(`kafka: creating ${env.kafka.topic} with base/kafka-topics/create-topics.sh failed (exit ${created.exitCode}):\n${created.output}\n`);
    await cluster.stop({ keepLogs: true });
    return 1;
  }
  say(`topic ${topic.KAFKA_TOPIC}: ${topic.KAFKA_TOPIC_PARTITIONS} partitions, replication ${topic.KAFKA_TOPIC_REPLICATION_FACTOR}, min.insync.replicas ${topic.KAFKA_TOPIC_MIN_INSYNC_REPLICAS}`);
  say(`ready: bootstrap ${cluster.bootstrap}`);
  say(`try:   npm run producer -- --brokers ${cluster.bootstrap} --topic ${env.kafka.topic}`);
  say(`logs:  ${cluster.dir}/logs (removed on a clean stop)`);
  say('Ctrl-C or SIGTERM stops it');
  const signal = await stopped;
  say(`${signal}: stopping the brokers, then ZooKeeper`);
  await cluster.stop().catch((error: Error) => {
    process.stderr.write(`kafka: stopping failed: ${error.message}\n`);
    code = 1;
  });
  say('stopped');
  return code;
}

async function resolveOnly(): Promise<number> {
  const java = javaUnavailable();
  if (java) return fail(java, 2);
  try {
    const { dir, jars } = await kafkaClasspath(say);
    say(`Apache Kafka ${KAFKA_VERSION}: ${jars.length} jars in ${dir}`);
    return 0;
  } catch (error) {
    return fail((error as Error).message, 2);
  }
}

const { env, port, mock, resolveOnly: onlyResolve } = options();
if (onlyResolve) process.exit(await resolveOnly());
const unavailable = kafkaUnavailable();
process.exitCode = mock ? await runMock('--mock given') : unavailable ? await runMock(`real Kafka cannot run here (${unavailable})`) : await runReal(env, port);
