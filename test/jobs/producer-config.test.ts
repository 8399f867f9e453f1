// The producer's settings: where each comes from, and what it says when one is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ConfigError, HelpRequested, parseProducerConfig } from '../../jobs/src/producer/config.ts';
import { PRODUCER, runJob } from './run-job.ts';

const CA = fileURLToPath(new URL('../fixtures/jobs/ca.pem', import.meta.url));

function problems(argv: string[], env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseProducerConfig(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

test('defaults: local broker, dev topic, 100 msg/s, continuous, metrics on 9464', () => {
  const config = parseProducerConfig([], {});
  assert.deepEqual(config.brokers, ['localhost:9092']);
  assert.equal(config.topic, 'logs-topic');
  assert.equal(config.rate, 100);
  assert.equal(config.count, null);
  assert.equal(config.durationMs, null);
  assert.equal(config.metricsPort, 9464);
  assert.equal(config.compression, 'none');
  assert.equal(config.tls, null);
  assert.equal(config.sasl, null);
});

test('the contract env vars set brokers, topic, rate and metrics port', () => {
  const config = parseProducerConfig([], { KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092', KAFKA_TOPIC: 'prod-logs-topic', PRODUCER_RATE: '500', METRICS_PORT: '9999' });
  assert.deepEqual(config.brokers, ['kafka-0:9092', 'kafka-1:9092']);
  assert.equal(config.topic, 'prod-logs-topic');
  assert.equal(config.rate, 500);
  assert.equal(config.metricsPort, 9999);
});

test('flags override environment variables', () => {
  const config = parseProducerConfig(['--topic', 'flag-topic', '--rate', '7'], { KAFKA_TOPIC: 'env-topic', PRODUCER_RATE: '500' });
  assert.equal(config.topic, 'flag-topic');
  assert.equal(config.rate, 7);
});

test('--count and --duration bound the run; durations take units', () => {
  const config = parseProducerConfig(['--count', '1000', '--duration', '1m'], {});
  assert.equal(config.count, 1000);
  assert.equal(config.durationMs, 60_000);
  assert.equal(parseProducerConfig(['--duration', '250ms'], {}).durationMs, 250);
  assert.equal(parseProducerConfig(['--duration', '30'], {}).durationMs, 30_000);
});

test('each bad value is reported with where it came from and what to write instead', () => {
  const found = problems(['--rate', 'fast', '--brokers', 'kafka'], { PRODUCER_BATCH_SIZE: '0' });
  assert.deepEqual(found, [
    "--brokers: 'kafka' is not host:port; write e.g. kafka:9092",
    "--rate: 'fast' is not a rate in messages per second; give a whole number from 0 to 10000000",
    "PRODUCER_BATCH_SIZE: '0' is not a batch size; give a whole number from 1 to 100000",
  ]);
});

test('an invalid topic name is rejected by Kafka\'s own rule', () => {
  assert.match(problems(['--topic', 'logs topic'])[0]!, /'logs topic' is not a valid topic name/);
});

test('compression offers none and gzip and says why not snappy', () => {
  assert.equal(parseProducerConfig(['--compression', 'gzip'], {}).compression, 'gzip');
  assert.match(problems(['--compression', 'snappy'])[0]!, /use none or gzip \(kafkajs has no built-in snappy, lz4 or zstd codec\)/);
});

test('--tls-ca reads the CA file and turns TLS on; an unreadable one is named', () => {
  const config = parseProducerConfig(['--tls-ca', CA], {});
  assert.match(config.tls?.ca ?? '', /BEGIN CERTIFICATE/);
  assert.match(problems(['--tls-ca', '/nonexistent/ca.pem'])[0]!, /--tls-ca: cannot read '\/nonexistent\/ca.pem' \(ENOENT\)/);
});

test('--tls alone uses the system CAs; a client cert needs its key', () => {
  assert.deepEqual(parseProducerConfig(['--tls'], {}).tls, {});
  assert.match(problems(['--tls-cert', CA])[0]!, /mutual TLS needs both --tls-cert and --tls-key/);
});

test('SASL takes its credentials from the environment only', () => {
  const config = parseProducerConfig(['--sasl-mechanism', 'scram-sha-512'], { KAFKA_SASL_USERNAME: 'producer', KAFKA_SASL_PASSWORD: 's3cret' });
  assert.deepEqual(config.sasl, { mechanism: 'scram-sha-512', username: 'producer', password: 's3cret' });
  assert.match(problems(['--sasl-mechanism', 'plain'])[0]!, /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
  assert.match(problems(['--sasl-mechanism', 'gssapi'])[0]!, /'gssapi' is not supported/);
});

test('an unknown flag points to --help', () => {
  assert.match(problems(['--brokrs', 'x:1'])[0]!, /Unknown option '--brokrs'.*run with --help/);
});

test('--help lists every flag with its env var', () => {
  assert.throws(() => parseProducerConfig(['--help'], {}), (error: unknown) => {
    assert.ok(error instanceof HelpRequested);
    assert.match(error.message, /--brokers VALUE .*\[KAFKA_BROKERS\]/);
    assert.match(error.message, /--metrics-port VALUE .*\[METRICS_PORT\]/);
    return true;
  });
});

test('the producer exits 2 on bad settings, listing every problem, without a stack trace', async () => {
  const run = runJob(PRODUCER, ['--rate=-5', '--workers', '99']);
  const { code } = await run.exited;
  assert.equal(code, 2);
  assert.match(run.stderr(), /producer: invalid settings:\n {2}--rate: '-5'/);
  assert.match(run.stderr(), /--workers: '99' is not a number of worker threads/);
  assert.doesNotMatch(run.stderr(), /\n\s+at /);
});

test('a rate too small to share among the sender threads is refused, not turned into "unpaced"', () => {
  assert.match(problems(['--rate', '1', '--workers', '2'])[0]!, /--rate: 1 msg\/s cannot be shared by 2 sender threads/);
});

test('idempotence is on by default, with one batch in flight per sender thread', () => {
  const config = parseProducerConfig([], {});
  assert.equal(config.idempotence, true);
  assert.equal(config.maxInFlight, 1);
});

test('more batches in flight need idempotence off, and say so', () => {
  assert.match(problems(['--max-in-flight', '4'])[0]!, /^--max-in-flight: 4 batches in flight need --idempotence false/);
  const config = parseProducerConfig(['--max-in-flight', '4', '--idempotence', 'false'], {});
  assert.equal(config.idempotence, false);
  assert.equal(config.maxInFlight, 4);
});

test('the metrics server binds loopback on a laptop and every address in the image (NODE_ENV=production)', () => {
  assert.equal(parseProducerConfig([], {}).metricsHost, '127.0.0.1');
  assert.equal(parseProducerConfig([], { NODE_ENV: 'production' }).metricsHost, '0.0.0.0');
  assert.equal(parseProducerConfig([], { METRICS_HOST: '::1', NODE_ENV: 'production' }).metricsHost, '::1');
});

test('a negative number gets the range message, not the argument parser\'s', () => {
  assert.deepEqual(problems(['--rate', '-3']), ["--rate: '-3' is not a rate in messages per second; give a whole number from 0 to 10000000"]);
});
