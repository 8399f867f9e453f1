// Prod's authenticated Kafka listener, proven on real Apache Kafka: ZooKeeper, the SCRAM users and
// three brokers are set up from the prod render itself (scripts/kafka/prod-security.ts: the pods' own
// start scripts, the scram-users step with Kafka's CLI, a SASL_SSL listener with SCRAM-SHA-512 between
// brokers too, keys made with openssl as clusters/README.md says). Nothing unauthenticated gets in;
// the producer, run as the user runs it with the environment the prod Deployment gives it, produces,
// and what it wrote is read back over SASL_SSL.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { environments } from '../../scripts/environments.ts';
import { findTool } from '../../scripts/lib/tools.ts';
import { prodKafkaSecurity, type ProdKafkaSecurity } from '../../scripts/kafka/prod-security.ts';
import { assertExactlyOnceInOrder, generatedOrder, readBack, summaryCounts } from '../../scripts/kafka/read-back.ts';
import { runPodScript } from '../../scripts/kafka/pod-render.ts';
import { realKafka, realKafkaSkip } from '../helpers/kafka-cluster.ts';
import { freePort } from '../helpers/ports.ts';
import { inCI } from '../helpers/tools.ts';
import { REPO } from '../jobs/run-job.ts';

const TOOLS = ['kubectl', 'openssl', 'kcat'] as const;

/** Like realKafkaSkip for the other tools this file needs: fails in CI, skips with the reason elsewhere. */
async function toolsSkip(): Promise<string | false> {
  const missing: string[] = [];
  for (const tool of TOOLS) if (!(await findTool(tool))) missing.push(tool);
  if (missing.length === 0) return false;
  if (inCI()) throw new Error(`${missing.join(', ')} required in CI (renders the overlay, makes the keys, reads back): not on the PATH`);
  const why = `${missing.join(', ')} not on the PATH (apt-get install -y ${missing.map((m) => (m === 'kubectl' ? 'kubectl (see README)' : m)).join(' ')})`;
  console.log(`# skipped: ${why}`);
  return why;
}

const skip = realKafkaSkip() || (await toolsSkip());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command's result, killed after `timeoutMs` (a refused client must not hang the test). */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const kcat = (args: readonly string[]): Promise<Run> => run('kcat', args, { PATH: process.env.PATH });

describe('prod Kafka transport security on real Kafka (SASL_SSL, SCRAM-SHA-512, from the prod render)', { skip }, () => {
  let security: ProdKafkaSecurity;
  const kafka = realKafka({ environment: environments.prod }, async () => {
    security = await prodKafkaSecurity(REPO);
    return { security };
  });
  const topic = environments.prod.kafka.topic;
  /** `-L` (metadata) with a deadline: librdkafka retries a refused broker until then. */
  const metadata = (extra: readonly string[]): Promise<Run> => kcat([...extra, '-b', kafka.cluster().bootstrap, '-L', '-m', '5', '-J']);

  /** `npm run producer` with the environment the prod Deployment gives the producer, on loopback. */
  async function npmRunProducer(args: readonly string[], change: (env: Record<string, string>) => void = () => {}): Promise<Run> {
    const { env } = await security.clientContainer('Deployment', 'producer', 'producer', { 'kafka:9092': kafka.cluster().bootstrap });
    env.METRICS_PORT = String(await freePort());
    change(env);
    return run('npm', ['run', '--silent', 'producer', '--', ...args], { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, 120_000);
  }

  before(async () => {
    // The topic as prod makes it: the kafka-topics Job's script, as user kafka-topics over SASL_SSL.
    const job = await security.clientContainer('Job', 'kafka-topics', 'kafka-topics', { 'kafka:9092': kafka.cluster().bootstrap });
    const scriptDir = job.mounts.get('/opt/scripts');
    assert.ok(scriptDir, 'the kafka-topics Job mounts its script at /opt/scripts');
    const script = job.rewrite(await readFile(join(scriptDir, 'create-topics.sh'), 'utf8'));
    const bin = await kafka.cluster().writeCliWrappers();
    const created = await runPodScript(script, { ...job.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }, 180_000);
    assert.equal(created.code, 0, `the kafka-topics Job's script failed:\n${created.stdout}\n${created.stderr}`);
    assert.match(created.stdout, new RegExp(`Topic: ${topic}\\s+TopicId: \\S+\\s+PartitionCount: 6\\s+ReplicationFactor: 3`));
  });

  kafka.test('the listener is the render\'s: SASL_SSL with SCRAM-SHA-512, and a client with a user\'s password gets in', async () => {
    assert.equal(security.protocol, 'SASL_SSL');
    assert.equal(security.mechanism, 'SCRAM-SHA-512');
    const ok = await metadata(['-F', await security.kcatConfig('logstash')]);
    assert.equal(ok.code, 0, ok.stderr);
    const { brokers } = JSON.parse(ok.stdout) as { brokers: unknown[] };
    assert.equal(brokers.length, 3, 'every broker (they reach each other over SASL_SSL too)');
  });

  kafka.test('PLAINTEXT to the SASL_SSL port is refused', async () => {
    const plain = await metadata([]);
    assert.equal(plain.code, 1, plain.stdout);
    assert.match(plain.stderr, /Disconnected while requesting ApiVersion/);
    assert.match(plain.stderr, /ERROR: Failed to acquire metadata/);
  });

  kafka.test('TLS without SASL credentials is refused', async () => {
    const tlsOnly = await metadata(['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${security.caFile}`]);
    assert.equal(tlsOnly.code, 1, tlsOnly.stdout);
    assert.match(tlsOnly.stderr, /broker might require SASL authentication/);
    assert.match(tlsOnly.stderr, /ERROR: Failed to acquire metadata/);
  });

  kafka.test('a wrong password is refused with an authentication error', async () => {
    const wrong = await metadata(['-F', await security.kcatConfig('producer', 'not-the-password')]);
    assert.equal(wrong.code, 1, wrong.stdout);
    assert.match(wrong.stderr, /SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/);
  });

  kafka.test('`npm run producer` without the SASL credentials is refused: the brokers close the connection, exit 2', async () => {
    const refused = await npmRunProducer(['--count', '10'], (env) => {
      delete env.KAFKA_SASL_MECHANISM;
      delete env.KAFKA_SASL_USERNAME;
      delete env.KAFKA_SASL_PASSWORD;
    });
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stderr, /producer: could not connect to the Kafka brokers 127\.0\.0\.1:\d+\S*: Closed connection/);
  });

  kafka.test('`npm run producer` with a wrong password is refused with an authentication error', async () => {
    const refused = await npmRunProducer(['--count', '10'], (env) => void (env.KAFKA_SASL_PASSWORD = 'not-the-password'));
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stderr, /producer: could not connect to the Kafka brokers \S+: SASL SCRAM SHA512 authentication failed/);
  });

  kafka.test('`npm run producer` with the prod Deployment\'s environment produces, and the records read back over SASL_SSL are its own', async () => {
    const count = 300;
    const produced = await npmRunProducer(['--count', String(count), '--seed', '21']);
    assert.equal(produced.code, 0, `${produced.stdout}\n${produced.stderr}`);
    assert.deepEqual(summaryCounts(produced.stdout), { acked: count, produced: count });
    const records = await readBack('kcat', kafka.cluster().bootstrap, topic, ['-F', await security.kcatConfig('logstash')]);
    assert.equal(assertExactlyOnceInOrder(records, generatedOrder(21, 1, count)), count);
  });
});
