// `npm run kafka` as a person runs it, on the mock path (seconds, not the real cluster's half
// minute; the real path runs the same code as the real-Kafka tests' harness): it prints a
// bootstrap address the producer can use, and SIGTERM on npm stops it cleanly with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { MOCK_KAFKA_INSTALL_HINT, mockKafkaUnavailable } from '../../scripts/bench/mock-kafka-cluster.ts';
import { inCI } from '../helpers/tools.ts';
import { REPO } from '../jobs/run-job.ts';

test('`npm run kafka -- --mock` prints the bootstrap address and stops on SIGTERM with exit 0', async (t) => {
  const why = mockKafkaUnavailable();
  if (why) {
    if (inCI()) throw new Error(`the mock Kafka cluster is required in CI: ${why}; ${MOCK_KAFKA_INSTALL_HINT}`);
    console.log(`# skipped: ${why}`);
    return t.skip(why);
  }
  const npm = spawn('npm', ['run', '--silent', 'kafka', '--', '--mock'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => npm.once('close', (code) => resolve(code)));
  try {
    for (let i = 0; i < 300 && !/ready: bootstrap/.test(out); i++) await sleep(100);
    assert.match(out, /kafka: ready: bootstrap 127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*\n/);
    assert.match(out, /kafka: try: {3}npm run producer -- --brokers \S+ --idempotence false/);
    npm.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    assert.match(out, /kafka: SIGTERM: stopping\nkafka: stopped\n/);
  } finally {
    npm.kill('SIGKILL');
  }
});
