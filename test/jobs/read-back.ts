// What the producer wrote, read back with kcat (an independent client, CRCs checked), and the
// producer's promises checked on it: every record at most once, and each key's records in the
// order the producer generated them. The expected order comes from regenerating the records with
// the run's --seed (each sender thread's records follow from the seed alone).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { runTool } from '../../scripts/lib/tools.ts';
import { LogRecordGenerator, generatorSeed, servicesForWorker } from '../../jobs/src/producer/records.ts';

export interface ReadRecord {
  partition: number;
  offset: number;
  key: string;
  traceId: string;
  value: string;
}

const TRACE_ID = /"trace\.id":"([0-9a-f]{32})"/;

export async function readBack(kcat: string, brokers: string, topic: string): Promise<ReadRecord[]> {
  const run = await runTool(kcat, ['-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%p\\t%o\\t%k\\t%s\\n'], { timeoutMs: 120_000 });
  assert.equal(run.exitCode, 0, `kcat failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [partition, offset, key, ...rest] = line.split('\t');
      const value = rest.join('\t');
      const traceId = TRACE_ID.exec(value)?.[1];
      assert.ok(traceId, `no trace.id in ${value}`);
      return { partition: Number(partition), offset: Number(offset), key: key!, traceId, value };
    });
}

/** Each key's trace ids in the order the producer's sender threads generate them. */
export function generatedOrder(seed: number, workers: number, perWorker: number): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (let worker = 0; worker < workers; worker++) {
    const generator = new LogRecordGenerator({ services: servicesForWorker(worker, workers), seed: generatorSeed(seed, worker) });
    for (let done = 0; done < perWorker; done += 10_000) {
      for (const { key, value } of generator.batch(Math.min(10_000, perWorker - done)).messages) {
        const traceId = TRACE_ID.exec(value.toString('latin1'))![1]!;
        const list = order.get(key.toString()) ?? [];
        list.push(traceId);
        order.set(key.toString(), list);
      }
    }
  }
  return order;
}

/**
 * Asserts that no record was written twice and that each key's records, in offset order, are the
 * first records that key's sender thread generated, in generation order (nothing skipped, nothing
 * reordered). Returns how many records were read.
 */
export function assertExactlyOnceInOrder(records: readonly ReadRecord[], expected: Map<string, string[]>): number {
  const seen = new Set<string>();
  for (const r of records) {
    assert.ok(!seen.has(r.traceId), `trace.id ${r.traceId} (key ${r.key}) was written more than once`);
    seen.add(r.traceId);
  }
  const byKey = new Map<string, ReadRecord[]>();
  for (const r of records) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  for (const [key, list] of byKey) {
    assert.equal(new Set(list.map((r) => r.partition)).size, 1, `key ${key} was written to more than one partition`);
    list.sort((a, b) => a.offset - b.offset);
    const want = expected.get(key) ?? [];
    assert.ok(list.length <= want.length, `key ${key}: ${list.length} records read, only ${want.length} generated`);
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.traceId !== want[i]) {
        assert.fail(`key ${key}: record ${i} (offset ${list[i]!.offset}) is ${list[i]!.traceId}, expected ${want[i]} (${want.indexOf(list[i]!.traceId)} in generation order): out of order or a gap`);
      }
    }
  }
  return records.length;
}

/**
 * Creates a topic as the kafka-topics Job would (partitions, replication, min.insync.replicas).
 * Right after start-up the controller may not count every broker yet: that refusal is retried
 * for up to 30 s; any other is an error with the broker's own reasons.
 */
export async function createTopic(bootstrap: string, topic: string, partitions: number, replication: number, minInsync: number): Promise<void> {
  const admin = new kafkajs.Kafka({ brokers: bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, replicationFactor: replication, configEntries: [{ name: 'min.insync.replicas', value: String(minInsync) }] }],
        });
        return;
      } catch (error) {
        const reasons = ((error as { errors?: { type?: string; message: string }[] }).errors ?? [error as Error]).map((e) => e.message).join('; ');
        if (!/replication factor/i.test(reasons) || Date.now() > deadline) throw new Error(`creating topic ${topic} failed: ${reasons}`);
        await sleep(500);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** The producer's closing summary: acknowledged and produced counts. */
export function summaryCounts(stdout: string): { acked: number; produced: number } {
  const match = /acknowledged (\d+) of (\d+) messages/.exec(stdout);
  assert.ok(match, `no summary in:\n${stdout}`);
  return { acked: Number(match[1]), produced: Number(match[2]) };
}
