// The producer against a Kafka wire-protocol broker: librdkafka's mock cluster on loopback, or the
// real Kafka that KAFKA_BROKERS names. What it wrote is read back with kcat, an independent client.
// The mock serves no idempotent producer, so these runs say --idempotence false there; the
// producer's promises with its defaults are proven on real Kafka (producer-real-kafka.test.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireKafka, type KafkaPeer } from '../helpers/mock-kafka.ts';
import { requireTool } from '../helpers/tools.ts';
import { PRODUCER, freePort, runJob } from './run-job.ts';

const ECS_FIELDS = ['@timestamp', 'log.level', 'message', 'service.name', 'host.name', 'trace.id'];

/** Flags the peer needs: the mock cluster cannot serve the idempotent producer. */
const peerFlags = (kafka: KafkaPeer): string[] => (kafka.kind === 'mock' ? ['--idempotence', 'false'] : []);

async function peers(t: TestContext): Promise<{ kafka: KafkaPeer; kcat: string } | null> {
  const kcat = await requireTool(t, 'kcat');
  if (!kcat) return null;
  const kafka = await requireKafka(t);
  if (!kafka) return null;
  t.after(() => kafka.stop());
  return { kafka, kcat };
}

/** Every message of `topic`, read with kcat from the beginning to the current end, CRCs verified. */
async function readBack(kcat: string, brokers: string, topic: string): Promise<{ key: string; value: string }[]> {
  const run = await runTool(kcat, ['-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%k\\t%s\\n'], { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0, `kcat failed: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '').map((line) => {
    const tab = line.indexOf('\t');
    return { key: line.slice(0, tab), value: line.slice(tab + 1) };
  });
}

function acknowledged(stdout: string): { acked: number; produced: number } {
  const match = /acknowledged (\d+) of (\d+) messages/.exec(stdout);
  assert.ok(match, `no summary in:\n${stdout}`);
  return { acked: Number(match[1]), produced: Number(match[2]) };
}

const topicName = (what: string): string => `jobs-test-${what}-${randomUUID().slice(0, 8)}`;

test('--count N writes N records that kcat reads back: ECS JSON, keyed by service.name', async (t) => {
  const p = await peers(t);
  if (!p) return;
  const topic = topicName('count');
  const run = runJob(PRODUCER, [...peerFlags(p.kafka), '--brokers', p.kafka.bootstrap, '--topic', topic, '--count', '3000', '--rate', '0', '--batch-size', '250', '--workers', '2', '--metrics-port', '0']);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.deepEqual(acknowledged(run.stdout()), { acked: 3000, produced: 3000 });

  const messages = await readBack(p.kcat, p.kafka.bootstrap, topic);
  assert.equal(messages.length, 3000);
  const traceIds = new Set<string>();
  for (const { key, value } of messages) {
    const doc = JSON.parse(value) as Record<string, unknown>;
    for (const field of ECS_FIELDS) assert.ok(field in doc, `${field} missing in ${value}`);
    assert.equal(key, doc['service.name']);
    traceIds.add(doc['trace.id'] as string);
  }
  assert.equal(traceIds.size, 3000, 'every record read back once');
});

test('SIGTERM mid-run flushes what is in flight: every acknowledged record can be read back', async (t) => {
  const p = await peers(t);
  if (!p) return;
  const topic = topicName('sigterm');
  const metricsPort = await freePort();
  const run = runJob(PRODUCER, [...peerFlags(p.kafka), '--brokers', p.kafka.bootstrap, '--topic', topic, '--rate', '3000', '--batch-size', '200', '--metrics-port', String(metricsPort)]);
  t.after(() => run.child.kill('SIGKILL'));
  await run.waitFor(/connected to/);
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const sent = Number(/^producer_messages_sent_total\{[^}]*\} (\d+)$/m.exec(scrape)?.[1] ?? 0);
  assert.ok(sent > 0, `producer_messages_sent_total moves while producing:\n${scrape}`);
  assert.match(scrape, /^producer_send_errors_total\{[^}]*\} 0$/m);
  assert.match(scrape, /^producer_bytes_sent_total\{[^}]*\} \d+/m);
  assert.match(scrape, /^producer_send_duration_seconds_bucket\{le="\+Inf"[^}]*\} \d+/m);

  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  const { acked, produced } = acknowledged(run.stdout());
  assert.ok(acked > 0);
  // The exit status is honest: 0 only when everything produced was acknowledged.
  assert.equal(code, acked === produced ? 0 : 1);
  const readBackCount = (await readBack(p.kcat, p.kafka.bootstrap, topic)).length;
  assert.ok(readBackCount >= acked, `acknowledged ${acked} but only ${readBackCount} read back`);
});

test('--rate with --duration paces the records and stops on time', async (t) => {
  const p = await peers(t);
  if (!p) return;
  const topic = topicName('pace');
  const run = runJob(PRODUCER, [...peerFlags(p.kafka), '--brokers', p.kafka.bootstrap, '--topic', topic, '--rate', '1000', '--duration', '2s', '--metrics-port', '0']);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  const { acked } = acknowledged(run.stdout());
  assert.ok(acked >= 1900 && acked <= 2050, `expected about 2000 records, got ${acked}`);
});

test('no broker listening: a clear error within the configured timeout and exit status 2', async () => {
  const port = await freePort();
  const run = runJob(PRODUCER, ['--brokers', `127.0.0.1:${port}`, '--topic', 'nowhere', '--count', '10', '--timeout', '3s', '--metrics-port', '0']);
  const { code, ms } = await run.exited;
  assert.equal(code, 2);
  // A hang guard, not a speed claim: a producer that ignored --timeout would never exit on its own.
  assert.ok(ms < 60_000, `took ${ms} ms`);
  assert.match(run.stderr(), new RegExp(`producer: could not (reach|connect to) the Kafka brokers 127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(run.stderr(), /\n\s+at /);
});

test('a broker that accepts connections but never answers: error within the timeout, no hang', async (t) => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  const { port } = silent.address() as { port: number };
  const run = runJob(PRODUCER, ['--brokers', `127.0.0.1:${port}`, '--topic', 'nowhere', '--count', '10', '--timeout', '2s', '--metrics-port', '0']);
  const { code, ms } = await run.exited;
  assert.equal(code, 2);
  // A hang guard, not a speed claim (the message names the configured timeout it gave up after).
  assert.ok(ms < 60_000, `took ${ms} ms`);
  assert.match(run.stderr(), /within 2000 ms; check --brokers \/ KAFKA_BROKERS/);
});

test('brokers lost mid-run: the records not acknowledged are counted and the exit status is 1', async (t) => {
  if (process.env.KAFKA_BROKERS) return t.skip('needs a Kafka the test can stop; runs against the mock cluster only');
  const p = await peers(t);
  if (!p) return;
  const run = runJob(PRODUCER, [...peerFlags(p.kafka), '--brokers', p.kafka.bootstrap, '--topic', topicName('lost'), '--rate', '2000', '--batch-size', '100', '--retries', '1', '--timeout', '1s', '--metrics-port', '0']);
  t.after(() => run.child.kill('SIGKILL'));
  await run.waitFor(/connected to/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await p.kafka.stop();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  assert.equal(code, 1, `stdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
  const { acked, produced } = acknowledged(run.stdout());
  assert.ok(acked < produced);
  assert.match(run.stdout(), /failed [1-9]\d*/);
});

test('a second producer on the machine: the busy default metrics port gives way to a free one, and says so', async (t) => {
  const p = await peers(t);
  if (!p) return;
  // Hold 9464 as a first producer would (if something else holds it already, so much the better).
  const holder = createServer();
  await new Promise<void>((resolve) => {
    holder.once('error', () => resolve());
    holder.listen(9464, '127.0.0.1', () => resolve());
  });
  t.after(() => holder.close());
  const run = runJob(PRODUCER, [...peerFlags(p.kafka), '--brokers', p.kafka.bootstrap, '--topic', topicName('port'), '--count', '100', '--rate', '0']);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  const moved = /metrics port 9464 is in use \(another producer\?\); serving metrics on 127\.0\.0\.1:(\d+) instead/.exec(run.stderr());
  assert.ok(moved, run.stderr());
  assert.match(run.stdout(), new RegExp(`metrics on 127\\.0\\.0\\.1:${moved[1]}/metrics`));
});
