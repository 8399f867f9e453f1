// What the producer wrote, read back with kcat (an independent client, CRCs checked), and the
// producer's promises checked on it: every record at most once, and each key's records in the
// order the producer generated them. The expected order comes from regenerating the records with
// the run's --seed (each sender thread's records follow from the seed alone).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { LogRecordGenerator, generatorSeed, servicesForWorker } from '../../jobs/src/producer/records.ts';

export interface ReadRecord {
  partition: number;
  offset: number;
  key: string;
  traceId: string;
  value: string;
}

const TRACE_ID = /"trace\.id":"([0-9a-f]{32})"/;

/**
 * Calls `onRecord` for every record of `topic`, read with kcat from the beginning to the current end.
 * `kcatOptions` go before the others (e.g. `-F client.properties` for SASL_SSL, `-G group` is not used).
 */
export async function readBackEach(kcat: string, brokers: string, topic: string, onRecord: (record: ReadRecord) => void, timeoutMs = 300_000, kcatOptions: readonly string[] = []): Promise<void> {
  const child = spawn(kcat, [...kcatOptions, '-b', brokers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%p\\t%o\\t%k\\t%s\\n'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (line === '') continue;
    const [partition, offset, key, ...rest] = line.split('\t');
    const value = rest.join('\t');
    const traceId = TRACE_ID.exec(value)?.[1];
    if (!traceId) throw new Error(`${topic}: a record without trace.id: ${value}`);
    onRecord({ partition: Number(partition), offset: Number(offset), key: key!, traceId, value });
  }
  const code = await closed;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`kcat -C ${topic} exited ${code}: ${stderr.trim()}`);
}

export async function readBack(kcat: string, brokers: string, topic: string, kcatOptions: readonly string[] = []): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  await readBackEach(kcat, brokers, topic, (r) => records.push(r), 300_000, kcatOptions);
  return records;
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
 * Checks, record by record, that no record was written twice and that each key's records, in
 * offset order, are the first records that key's sender thread generated, in generation order
 * (nothing skipped, nothing reordered). kcat prints each partition in offset order, and a key
 * lives in one partition, so the records can be checked as they arrive.
 */
export class OrderChecker {
  private readonly seen = new Set<string>();
  private readonly position = new Map<string, { partition: number; next: number }>();
  count = 0;

  constructor(private readonly expected: Map<string, string[]>) {}

  /** Throws on the first broken promise, naming the key, offset and trace id. */
  add(r: ReadRecord): void {
    if (this.seen.has(r.traceId)) throw new Error(`trace.id ${r.traceId} (key ${r.key}, offset ${r.offset}) was written more than once`);
    this.seen.add(r.traceId);
    const at = this.position.get(r.key) ?? { partition: r.partition, next: 0 };
    if (at.partition !== r.partition) throw new Error(`key ${r.key} was written to partitions ${at.partition} and ${r.partition}`);
    const want = this.expected.get(r.key) ?? [];
    if (want[at.next] !== r.traceId) {
      const where = want.indexOf(r.traceId);
      throw new Error(`key ${r.key}: record ${at.next} (partition ${r.partition} offset ${r.offset}) is ${r.traceId}, expected ${want[at.next] ?? 'no more records'}; it is record ${where} in generation order (${where < 0 ? 'never generated' : where < at.next ? 'repeated' : 'records skipped or reordered'})`);
    }
    at.next++;
    this.position.set(r.key, at);
    this.count++;
  }
}

/** OrderChecker over a list; returns how many records were checked. */
export function assertExactlyOnceInOrder(records: readonly ReadRecord[], expected: Map<string, string[]>): number {
  const checker = new OrderChecker(expected);
  for (const r of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) checker.add(r);
  return checker.count;
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
  if (!match) throw new Error(`no summary in:\n${stdout}`);
  return { acked: Number(match[1]), produced: Number(match[2]) };
}
