// Prod's authenticated and authorized Kafka, proven on real Apache Kafka: ZooKeeper, the SCRAM users,
// their ACLs and three brokers are set up from the prod render itself (scripts/kafka/prod-security.ts:
// the pods' own start scripts, the scram-users step with Kafka's CLI, a SASL_SSL listener with
// SCRAM-SHA-512 between brokers too, the AclAuthorizer, keys made with openssl as clusters/README.md
// says). Nothing unauthenticated gets in; the producer, run as the user runs it with the environment
// the prod Deployment gives it, produces, and what it wrote is read back over SASL_SSL; each client
// may do its own job and nothing else.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { environments } from '../../scripts/environments.ts';
import { findTool, runBounded } from '../../scripts/lib/tools.ts';
import { prodKafkaSecurity, type ProdKafkaSecurity } from '../../scripts/kafka/prod-security.ts';
import { assertExactlyOnceInOrder, generatedOrder, readBack, summaryCounts } from '../../scripts/kafka/read-back.ts';
import { podContainer, runPodScript, type RenderedObject, type ScriptRun } from '../../scripts/kafka/pod-render.ts';
import { parseLogstash } from '../../scripts/validate/checks/logstash/parse.ts';
import { plugins, setting } from '../../scripts/validate/checks/logstash/query.ts';
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

/** A command's result, killed after `timeoutMs` (a refused client must not hang the test). */
const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000, input?: string): Promise<ScriptRun> =>
  runBounded(command, args, { env, cwd: REPO, timeoutMs, timeoutSignal: 'SIGKILL', ...(input === undefined ? {} : { input }) });

const kcat = (args: readonly string[], input?: string): Promise<ScriptRun> => run('kcat', args, { PATH: process.env.PATH }, 60_000, input);

describe('prod Kafka transport security on real Kafka (SASL_SSL, SCRAM-SHA-512, from the prod render)', { skip }, () => {
  let security: ProdKafkaSecurity;
  const kafka = realKafka({ environment: environments.prod }, async () => {
    security = await prodKafkaSecurity(REPO);
    return { security };
  });
  const topic = environments.prod.kafka.topic;
  /** `-L` (metadata) with a deadline: librdkafka retries a refused broker until then. */
  const metadata = (extra: readonly string[]): Promise<ScriptRun> => kcat([...extra, '-b', kafka.cluster().bootstrap, '-L', '-m', '5', '-J']);

  /** `npm run producer` with the environment the prod Deployment gives the producer, on loopback. */
  async function npmRunProducer(args: readonly string[], change: (env: Record<string, string>) => void = () => {}): Promise<ScriptRun> {
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
    // Twice, as every sync runs it: the second run finds the topic (Describe) and changes nothing.
    for (const attempt of ['first', 'second']) {
      const created = await runPodScript(script, { ...job.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }, 180_000);
      assert.equal(created.code, 0, `the kafka-topics Job's script failed (${attempt} run):\n${created.stdout}\n${created.stderr}`);
      assert.match(created.stdout, new RegExp(`Topic: ${topic}\\s+TopicId: \\S+\\s+PartitionCount: 6\\s+ReplicationFactor: 3`));
    }
  });

  /** A kafkajs admin client logged in as `user`. */
  async function adminAs<T>(user: string, fn: (admin: kafkajs.Admin) => Promise<T>): Promise<T> {
    const admin = new kafkajs.Kafka({ brokers: kafka.cluster().bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 300 }, ...security.kafkajsAuth(user) }).admin();
    await admin.connect();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect();
    }
  }

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

  kafka.test('ACLs: the Logstash user cannot produce to the log topic', async () => {
    const denied = await kcat(['-F', await security.kcatConfig('logstash'), '-b', kafka.cluster().bootstrap, '-P', '-t', topic], 'not from logstash\n');
    assert.notEqual(denied.code, 0, denied.stderr);
    assert.match(denied.stderr, /Topic authorization failed/);
  });

  kafka.test('ACLs: the producer\'s user cannot read the log topic', async () => {
    const denied = await kcat(['-F', await security.kcatConfig('producer'), '-b', kafka.cluster().bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-c', '1']);
    assert.notEqual(denied.code, 0, denied.stdout);
    assert.match(denied.stderr, /Topic authorization failed/);
    assert.equal(denied.stdout, '');
  });

  kafka.test('ACLs: the producer\'s user cannot create a topic', async () => {
    await assert.rejects(
      adminAs('producer', (admin) => admin.createTopics({ topics: [{ topic: 'made-by-producer', numPartitions: 1, replicationFactor: 3 }] })),
      (error: Error & { errors?: { type?: string }[] }) => (error.errors ?? [error]).some((e) => /TOPIC_AUTHORIZATION_FAILED|not authorized/i.test(`${(e as { type?: string }).type} ${(e as Error).message}`)),
    );
  });

  kafka.test('ACLs: Logstash may use its own consumer group, and no other', async () => {
    const group = environments.prod.logstash.consumerGroup;
    const offsets = await adminAs('logstash', (admin) => admin.fetchOffsets({ groupId: group, topics: [topic] }));
    assert.equal(offsets[0]?.partitions.length, environments.prod.kafka.partitions);
    // kafkajs reports a refused FindCoordinator as "Failed to find group coordinator"; the broker's
    // authorizer log says why.
    await assert.rejects(adminAs('logstash', (admin) => admin.fetchOffsets({ groupId: 'someone-elses-group', topics: [topic] })));
    const denial = /Principal = User:logstash is Denied Operation = Describe from host = 127\.0\.0\.1 on resource = Group:LITERAL:someone-elses-group/;
    const logs = (): Promise<string[]> => Promise.all(kafka.cluster().brokers.map((b) => readFile(b.logFile, 'utf8')));
    for (const until = Date.now() + 10_000; !(await logs()).some((l) => denial.test(l)) && Date.now() < until; ) await sleep(250);
    assert.ok((await logs()).some((l) => denial.test(l)), `no broker logged the denial ${denial}`);
  });
});

/** The group_id of the kafka input in the pipeline the rendered Logstash StatefulSet mounts. */
function renderedLogstashGroup(objects: readonly RenderedObject[]): string {
  const { pod, container } = podContainer(objects, 'StatefulSet', 'logstash', 'logstash');
  const mount = container.volumeMounts?.find((m) => m.mountPath === '/usr/share/logstash/pipeline');
  const configMap = pod.volumes?.find((v) => v.name === mount?.name)?.configMap?.name;
  const text = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap)?.data?.['logstash.conf'];
  assert.ok(text !== undefined, `the render has no logstash.conf in ConfigMap ${configMap} for Logstash's pipeline`);
  const parsed = parseLogstash(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  const groups = plugins(parsed.config, 'input', 'kafka').map((u) => setting(u.plugin, 'group_id'));
  assert.equal(groups.length, 1, 'one kafka input');
  const [group] = groups;
  assert.ok(typeof group === 'string', 'the kafka input sets group_id');
  return group;
}

test('the ACL step grants Logstash the consumer group its rendered pipeline joins', async (t) => {
  if (skip) return t.skip(skip);
  const security = await prodKafkaSecurity(REPO);
  try {
    const step = await security.clientContainer('StatefulSet', 'kafka', 'scram-users', {});
    assert.equal(step.env.LOGSTASH_CONSUMER_GROUP, renderedLogstashGroup(security.objects));
    assert.equal(step.env.LOGSTASH_CONSUMER_GROUP, environments.prod.logstash.consumerGroup);
    assert.equal(step.env.KAFKA_TOPIC, environments.prod.kafka.topic);
  } finally {
    await security.cleanup(false);
  }
});
