// The producer's promises, proven on real Apache Kafka (3 brokers, ZooKeeper mode, the prod
// settings: replication 3, min.insync.replicas 2, unclean leader election off) with its default
// flags: idempotence, acks from all in-sync replicas, per-key order. What it wrote is read back
// with kcat and checked against the records regenerated from the run's --seed.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { environments } from '../../scripts/environments.ts';
import { findTool } from '../../scripts/lib/tools.ts';
import { realKafka, realKafkaSkip } from '../helpers/kafka-cluster.ts';
import { inCI } from '../helpers/tools.ts';
import { PRODUCER, REPO, freePort, runJob } from './run-job.ts';
import { assertExactlyOnceInOrder, createTopic, generatedOrder, readBack, summaryCounts } from '../../scripts/kafka/read-back.ts';

const prod = environments.prod.kafka;
const topicName = (what: string): string => `real-${what}-${randomUUID().slice(0, 8)}`;

async function kcatPath(): Promise<string> {
  const kcat = await findTool('kcat');
  if (!kcat) throw new Error(`kcat is required to read back (apt-get install -y kcat)${inCI() ? '' : '; or skip these tests by removing Java'}`);
  return kcat;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('producer on real Kafka (3 brokers, prod settings)', { skip: realKafkaSkip() }, () => {
  const kafka = realKafka({ environment: environments.prod });

  kafka.test('default flags: every record read back exactly once, each key in generated order', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('order');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', topic, '--count', '30000', '--rate', '0', '--seed', '11', '--metrics-port', '0']);
    const { code } = await run.exited;
    assert.equal(code, 0, run.stderr());
    assert.deepEqual(summaryCounts(run.stdout()), { acked: 30000, produced: 30000 });
    const records = await readBack(await kcatPath(), cluster.bootstrap, topic);
    assert.equal(assertExactlyOnceInOrder(records, generatedOrder(11, 1, 30000)), 30000);
  });

  // 20,000 records of ~270 bytes: api-gateway's share alone (30%) is about 1.6 MB on one partition,
  // over the brokers' message.max.bytes (Kafka's default, 1,048,588); sent as one request it was
  // refused (MESSAGE_TOO_LARGE) and the producer exited 1.
  kafka.test('a large --batch-size: every partition under the brokers\' size limit, every record read back once, in order', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('large-batch');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const count = 60_000;
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', topic, '--count', String(count), '--rate', '0', '--batch-size', '20000', '--seed', '15', '--metrics-port', '0']);
    const { code } = await run.exited;
    assert.equal(code, 0, run.stderr());
    assert.deepEqual(summaryCounts(run.stdout()), { acked: count, produced: count });
    const records = await readBack(await kcatPath(), cluster.bootstrap, topic);
    assert.equal(assertExactlyOnceInOrder(records, generatedOrder(15, 1, count)), count);
  });

  // Broker 2's partitions get a new leader when ZooKeeper expires its session (18 s): each batch's
  // retries (about 75 s) must outlast that, and no partition may be skipped when its leader moves.
  kafka.test('a broker killed mid-run (SIGKILL): every acknowledged record read back exactly once, in order per key', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('kill');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const count = 200_000;
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', topic, '--count', String(count), '--rate', '0', '--workers', '2', '--seed', '12', '--metrics-port', '0', '--status-interval', '250ms']);
    try {
      await run.waitFor(/sent=[1-9]\d{4,}/, 90_000);
      await cluster.killBroker(2);
      const { code } = await run.exited;
      assert.equal(code, 0, `two of three brokers keep min.insync.replicas: every record must be acknowledged\n${run.stderr()}`);
      assert.deepEqual(summaryCounts(run.stdout()), { acked: count, produced: count });
      const records = await readBack(await kcatPath(), cluster.bootstrap, topic);
      assert.equal(assertExactlyOnceInOrder(records, generatedOrder(12, 2, count / 2)), count);
    } finally {
      run.child.kill('SIGKILL');
      await cluster.restartBroker(2);
    }
  });

  kafka.test('SIGTERM mid-run: what is in flight is acknowledged, and exactly that is read back, in order', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('sigterm');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const count = 200_000;
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', topic, '--count', String(count), '--rate', '0', '--workers', '2', '--seed', '13', '--metrics-port', '0', '--status-interval', '250ms']);
    await run.waitFor(/sent=[1-9]\d{3,}/, 90_000);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    const { acked, produced } = summaryCounts(run.stdout());
    assert.ok(acked > 0 && produced < count, `stopped mid-run: ${acked} of ${produced}`);
    assert.equal(acked, produced, run.stderr());
    assert.equal(code, 0);
    const records = await readBack(await kcatPath(), cluster.bootstrap, topic);
    assert.equal(assertExactlyOnceInOrder(records, generatedOrder(13, 2, count / 2)), acked);
  });

  kafka.test('min.insync.replicas lost: a clear error, exit 1, and every acknowledged record is on the brokers', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('isr');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', topic, '--rate', '2000', '--retries', '3', '--timeout', '5s', '--seed', '14', '--metrics-port', '0', '--status-interval', '250ms']);
    try {
      await run.waitFor(/sent=[1-9]\d{2,}/, 60_000);
      await Promise.all([cluster.killBroker(2), cluster.killBroker(3)]);
      const { code } = await run.exited;
      assert.equal(code, 1, `stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
      // The broker's words vary with what it is doing when the second broker goes: too few in-sync
      // replicas, no leader, a timeout. The producer names the records and the reason.
      assert.match(run.stderr(), /producer: \d+ messages not acknowledged: \S/);
      assert.match(run.stderr(), /producer: stopping: a batch was not acknowledged after 3 retries/);
      const { acked } = summaryCounts(run.stdout());
      await Promise.all([cluster.restartBroker(2), cluster.restartBroker(3)]);
      // A restarted broker serves a partition only once leadership is settled again; until then a read
      // sees that partition empty. Read until every acknowledged record is there, within a minute.
      const kcat = await kcatPath();
      let records = await readBack(kcat, cluster.bootstrap, topic);
      for (const until = Date.now() + 60_000; records.length < acked && Date.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        records = await readBack(kcat, cluster.bootstrap, topic);
      }
      assert.ok(records.length >= acked, `acknowledged ${acked}, only ${records.length} on the brokers a minute after they were back`);
      assertExactlyOnceInOrder(records, generatedOrder(14, 1, records.length + 10_000));
    } finally {
      run.child.kill('SIGKILL');
      for (const id of [2, 3]) if (!cluster.isRunning(id)) await cluster.restartBroker(id);
    }
  });

  kafka.test('a topic that does not exist: a clear error at once and exit 2 (the brokers create no topics)', async () => {
    const cluster = kafka.cluster();
    const run = runJob(PRODUCER, ['--brokers', cluster.bootstrap, '--topic', 'no-such-topic', '--count', '10', '--metrics-port', '0']);
    const { code } = await run.exited;
    assert.equal(code, 2, run.stderr());
    assert.match(run.stderr(), /producer: topic no-such-topic does not exist on .* check --topic \/ KAFKA_TOPIC, or create it/);
  });

  kafka.test('SIGTERM to `npm run producer` stops the producer itself: npm exits with its code, the metrics port is free', async () => {
    const cluster = kafka.cluster();
    const topic = topicName('npm');
    await createTopic(cluster.bootstrap, topic, prod.partitions, prod.replicationFactor, prod.minInsyncReplicas);
    const port = await freePort();
    const npm = spawn('npm', ['run', '--silent', 'producer', '--', '--brokers', cluster.bootstrap, '--topic', topic, '--rate', '500', '--metrics-port', String(port)], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => npm.once('close', (code) => resolve(code)));
    try {
      for (let i = 0; i < 300 && !/connected to/.test(out); i++) await sleep(200);
      assert.match(out, /connected to/);
      assert.equal(await portIsFree(port), false, 'the producer serves metrics while running');
      npm.kill('SIGTERM');
      assert.equal(await exited, 0, out);
      assert.match(out, /summary: stopped by SIGTERM; acknowledged (\d+) of \1 messages/);
      assert.equal(await portIsFree(port), true, 'nothing holds the metrics port after npm exited');
    } finally {
      npm.kill('SIGKILL');
    }
  });
});
