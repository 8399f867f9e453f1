// The producer benchmark (issue 5, item 5), against librdkafka's mock Kafka cluster on loopback,
// with kcat (librdkafka, C) producing the same records in the same run as the reference:
//   throughput: 1,000,000 records, produced and acknowledged (acks=all); msg/s, MB/s, ratio to kcat
//   pacing:     --rate 10000 for 30 s; achieved rate and the producer's CPU as % of one core
// Nothing is read back (the mock keeps only a few MB per partition): the producer's own count of
// acknowledgements is cross-checked against the partitions' end offsets.
import { findTool } from '../lib/tools.ts';
import { mockKafkaUnavailable, startMockKafka, MOCK_KAFKA_INSTALL_HINT } from './mock-kafka-cluster.ts';
import { runProducerOnce } from './producer-run.ts';
import { runKcatReference } from './kcat-run.ts';
import { endOffsetTotal } from './offsets.ts';
import { target, type BenchOutcome, type BenchTarget } from './outcome.ts';

export interface ProducerBenchOptions {
  count: number;
  paceSeconds: number;
  paceRate: number;
  workers: number;
  batchSize: number;
  maxInFlight: number;
  skipPacing: boolean;
}

export const PRODUCER_BENCH_DEFAULTS: ProducerBenchOptions = {
  count: 1_000_000,
  paceSeconds: 30,
  paceRate: 10_000,
  workers: 2,
  batchSize: 500,
  maxInFlight: 16,
  skipPacing: false,
};

const line = (text = ''): void => void process.stdout.write(`${text}\n`);
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The targets as data (scripts/bench/outcome.ts); npm run bench decides the exit code. */
export async function runProducerBench(options: ProducerBenchOptions = PRODUCER_BENCH_DEFAULTS): Promise<BenchOutcome> {
  const { count, paceSeconds, paceRate } = options;
  const targets: BenchTarget[] = [];
  const failures: string[] = [];
  const kcat = await findTool('kcat');
  const unavailable = mockKafkaUnavailable();
  if (!kcat || unavailable) {
    const why = `needs kcat (apt-get install -y kcat) and the mock Kafka cluster (${unavailable ?? 'available'}; ${MOCK_KAFKA_INSTALL_HINT})`;
    line(`producer benchmark: not run; ${why}`);
    return { benchmark: 'producer', targets, failures, unavailable: why };
  }

  const cluster = await startMockKafka(3);
  try {
    line(`producer benchmark: mock Kafka cluster (librdkafka): ${cluster.bootstrap}; acks=all, no compression`);
    line();
    line(`throughput: ${fmt(count)} records`);

    const stamp = Date.now();
    // kcat first: whichever client runs first also pays for the fresh cluster's first connections.
    const reference = await runKcatReference({ kcat, brokers: cluster.bootstrap, topic: `bench-kcat-${stamp}`, count });
    const kcatOffsets = await endOffsetTotal(kcat, cluster.bootstrap, reference.topic);
    line(`  kcat -P (librdkafka, same records): ${fmt(kcatOffsets)} acknowledged in ${fmt(reference.seconds, 2)} s = ${fmt(kcatOffsets / reference.seconds)} msg/s, ${fmt(reference.bytes / 1e6 / reference.seconds, 1)} MB/s (exit ${reference.exitCode})`);
    const ours = await runProducerOnce({
      brokers: cluster.bootstrap,
      topic: `bench-producer-${stamp}`,
      args: ['--count', String(count), '--rate', '0', '--workers', String(options.workers), '--batch-size', String(options.batchSize), '--max-in-flight', String(options.maxInFlight)],
    });
    const oursOffsets = await endOffsetTotal(kcat, cluster.bootstrap, ours.topic);
    line(`  producer (kafkajs, ${options.workers} threads):     ${fmt(ours.acknowledged)} acknowledged in ${fmt(ours.seconds, 2)} s = ${fmt(ours.acknowledged / ours.seconds)} msg/s, ${fmt(ours.bytes / 1e6 / ours.seconds, 1)} MB/s (avg ${fmt(ours.bytes / Math.max(1, ours.acknowledged))} B/record; broker end offsets ${fmt(oursOffsets)}; exit ${ours.exitCode})`);

    const ratio = ours.acknowledged / ours.seconds / (kcatOffsets / reference.seconds);
    const throughput = target('throughput', ours.acknowledged / ours.seconds, 'msg/s', '>=', 250_000);
    targets.push(throughput);
    line(`  ratio producer/kcat: ${fmt(ratio, 2)}  (target: >= 250,000 msg/s for the producer: ${throughput.met ? 'met' : 'NOT met'})`);
    if (ours.exitCode !== 0) failures.push(`the producer exited with ${ours.exitCode}`);
    if (ours.acknowledged !== count || oursOffsets < count) failures.push(`the producer got ${fmt(ours.acknowledged)} acknowledgements and the brokers hold ${fmt(oursOffsets)} records of ${fmt(count)}`);
    if (reference.exitCode !== 0) failures.push(`kcat exited with ${reference.exitCode}`);

    if (!options.skipPacing) {
      line();
      line(`pacing: --rate ${fmt(paceRate)} for ${paceSeconds} s`);
      const paced = await runProducerOnce({
        brokers: cluster.bootstrap,
        topic: `bench-pacing-${stamp}`,
        args: ['--rate', String(paceRate), '--duration', `${paceSeconds}s`, '--workers', '1', '--batch-size', '1000'],
      });
      const achieved = paced.acknowledged / paced.seconds;
      const deviation = ((achieved - paceRate) / paceRate) * 100;
      const pacing = target('pacing deviation from --rate', Math.abs(deviation), '%', '<=', 1);
      const cpu = target('CPU while pacing', paced.cpuPercent, '% of one core', '<', 15);
      targets.push(pacing, cpu);
      line(`  achieved ${fmt(achieved, 1)} msg/s over ${fmt(paced.seconds, 2)} s (${deviation >= 0 ? '+' : ''}${fmt(deviation, 2)}% of the set rate; target within 1%: ${pacing.met ? 'met' : 'NOT met'})`);
      line(`  producer CPU: ${fmt(paced.cpuPercent, 1)}% of one core (target < 15%: ${cpu.met ? 'met' : 'NOT met'})`);
      if (paced.exitCode !== 0) failures.push(`the paced producer exited with ${paced.exitCode}`);
    }
  } finally {
    await cluster.stop();
  }
  return { benchmark: 'producer', targets, failures };
}
