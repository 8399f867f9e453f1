// The producer benchmark, on real Apache Kafka (3 brokers, ZooKeeper mode, the prod settings:
// replication 3, min.insync.replicas 2) with kcat (librdkafka, C) producing the same records in
// the same run as the reference, both with acks=all and idempotence on:
//   throughput: 1,000,000 records each; msg/s, MB/s, CPU seconds and peak RSS of both, the ratio
//               (target: >= 0.5 of kcat's rate, < 300 MB peak RSS); then the producer's topic is
//               read back with kcat and checked: every record once, each key in generated order
//   pacing:     --rate 10000 for 30 s; achieved rate (target within 1%) and CPU (< 15% of a core)
import { environments } from '../environments.ts';
import { findTool } from '../lib/tools.ts';
import { KAFKA_VERSION, kafkaUnavailable } from '../kafka/artifacts.ts';
import { startKafkaCluster, type KafkaCluster } from '../kafka/cluster.ts';
import { OrderChecker, createTopic, generatedOrder, readBackEach } from '../kafka/read-back.ts';
import { runKcatReference } from './kcat-run.ts';
import { endOffsetTotal } from './offsets.ts';
import { target, type BenchOutcome, type BenchTarget } from './outcome.ts';
import { runProducerOnce } from './producer-run.ts';

export interface ProducerBenchOptions {
  count: number;
  paceSeconds: number;
  paceRate: number;
  workers: number;
  batchSize: number;
  skipPacing: boolean;
}

export const PRODUCER_BENCH_DEFAULTS: ProducerBenchOptions = {
  count: 1_000_000,
  paceSeconds: 30,
  paceRate: 10_000,
  // One thread with larger batches beat two threads on this 2-core machine, at two thirds of the RSS.
  workers: 1,
  batchSize: 3_000,
  skipPacing: false,
};

export const TARGETS = { ratioToKcat: 0.5, peakRssMb: 300, pacingDeviationPercent: 1, pacingCpuPercent: 15 } as const;

const SEED = 20_251_204;
const line = (text = ''): void => void process.stdout.write(`${text}\n`);
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

/** The targets as data (scripts/bench/outcome.ts); npm run bench decides the exit code. */
export async function runProducerBench(options: ProducerBenchOptions = PRODUCER_BENCH_DEFAULTS): Promise<BenchOutcome> {
  const { count, paceSeconds, paceRate } = options;
  const targets: BenchTarget[] = [];
  const failures: string[] = [];
  const kcat = await findTool('kcat');
  const unavailable = kafkaUnavailable();
  if (!kcat || unavailable) {
    const why = `needs kcat (apt-get install -y kcat) and real Kafka (${unavailable ?? 'available'})`;
    line(`producer benchmark: not run; ${why}`);
    return { benchmark: 'producer', targets, failures, unavailable: why };
  }
  const env = environments.prod;
  line(`producer benchmark: starting Apache Kafka ${KAFKA_VERSION}, ${env.kafka.brokers} brokers (ZooKeeper mode, prod settings), on loopback`);
  let cluster: KafkaCluster;
  try {
    cluster = await startKafkaCluster({ environment: env });
  } catch (error) {
    const why = `the cluster did not start: ${(error as Error).message}`;
    line(`producer benchmark: not run; ${why}`);
    return { benchmark: 'producer', targets, failures: [why] };
  }
  let failed = false;
  try {
    const topic = async (name: string): Promise<string> => {
      await createTopic(cluster.bootstrap, name, env.kafka.partitions, env.kafka.replicationFactor, env.kafka.minInsyncReplicas);
      return name;
    };
    line(`  topics: ${env.kafka.partitions} partitions, replication ${env.kafka.replicationFactor}, min.insync.replicas ${env.kafka.minInsyncReplicas}; acks=all, idempotence on, no compression`);
    line();
    line(`throughput: ${fmt(count)} records of the producer's shape (ECS JSON, ~270 B, keyed by service.name)`);

    const stamp = Date.now();
    // kcat first: whichever client runs first also pays for the fresh cluster's first connections.
    const reference = await runKcatReference({ kcat, brokers: cluster.bootstrap, topic: await topic(`bench-kcat-${stamp}`), count });
    const kcatOffsets = await endOffsetTotal(kcat, cluster.bootstrap, reference.topic);
    const kcatRate = kcatOffsets / reference.seconds;
    line(`  kcat -P (librdkafka):   ${fmt(kcatOffsets)} acknowledged in ${fmt(reference.seconds, 2)} s = ${fmt(kcatRate)} msg/s, ${fmt(reference.bytes / 1e6 / reference.seconds, 1)} MB/s; CPU ${fmt(reference.usage.cpuSeconds, 2)} s, peak RSS ${fmt(reference.usage.peakRssMb)} MB (exit ${reference.exitCode})`);

    const ours = await runProducerOnce({
      brokers: cluster.bootstrap,
      topic: await topic(`bench-producer-${stamp}`),
      args: ['--count', String(count), '--rate', '0', '--workers', String(options.workers), '--batch-size', String(options.batchSize), '--seed', String(SEED)],
    });
    const ourRate = ours.acknowledged / ours.seconds;
    line(`  producer (kafkajs, ${options.workers} threads, batches of ${fmt(options.batchSize)}): ${fmt(ours.acknowledged)} acknowledged in ${fmt(ours.seconds, 2)} s = ${fmt(ourRate)} msg/s, ${fmt(ours.bytes / 1e6 / ours.seconds, 1)} MB/s; CPU ${fmt(ours.usage.cpuSeconds, 2)} s, peak RSS ${fmt(ours.usage.peakRssMb)} MB (exit ${ours.exitCode})`);

    const ratio = target('throughput ratio to kcat', ourRate / kcatRate, '×', '>=', TARGETS.ratioToKcat);
    const rss = target('peak RSS', ours.usage.peakRssMb, 'MB', '<', TARGETS.peakRssMb);
    targets.push(ratio, rss);
    line(`  ratio producer/kcat: ${fmt(ratio.value, 2)} (target >= ${TARGETS.ratioToKcat}: ${verdict(ratio.met)}); producer peak RSS ${fmt(rss.value)} MB (target < ${TARGETS.peakRssMb} MB: ${verdict(rss.met)})`);
    if (ours.exitCode !== 0) failures.push(`the producer exited with ${ours.exitCode}`);
    if (ours.acknowledged !== count) failures.push(`the producer had ${ours.acknowledged} of ${count} records acknowledged`);
    if (reference.exitCode !== 0 || kcatOffsets !== count) failures.push(`kcat exited with ${reference.exitCode} and ${kcatOffsets} of ${count} records on the brokers`);

    // The same run's output, read back: every acknowledged record exactly once, each key in order.
    const checker = new OrderChecker(generatedOrder(SEED, options.workers, Math.ceil(count / options.workers)));
    let problem: string | null = null;
    try {
      await readBackEach(kcat, cluster.bootstrap, ours.topic, (record) => checker.add(record));
    } catch (error) {
      problem = (error as Error).message;
    }
    const exact = problem === null && checker.count === ours.acknowledged;
    line(`  read back (kcat, CRCs checked): ${fmt(checker.count)} records; every acknowledged record once, each key in generated order: ${exact ? 'yes' : `NO (${problem ?? `${checker.count} read, ${ours.acknowledged} acknowledged`})`}`);
    if (!exact) failures.push('the read-back found a record missing, duplicated or out of order per key');

    if (!options.skipPacing) {
      line();
      line(`pacing: --rate ${fmt(paceRate)} for ${paceSeconds} s`);
      const paced = await runProducerOnce({
        brokers: cluster.bootstrap,
        topic: await topic(`bench-pacing-${stamp}`),
        // Batches of up to 3,000: room to catch up when an acknowledgement takes longer than the
        // tenth of a second a chunk covers (one batch in flight per sender thread).
        args: ['--rate', String(paceRate), '--duration', `${paceSeconds}s`, '--workers', '1', '--batch-size', '3000'],
      });
      const achieved = paced.acknowledged / paced.seconds;
      const deviation = ((achieved - paceRate) / paceRate) * 100;
      const pace = target('pacing deviation', Math.abs(deviation), '%', '<=', TARGETS.pacingDeviationPercent);
      const cpu = target('pacing CPU', paced.cpuPercent, '% of a core', '<', TARGETS.pacingCpuPercent);
      targets.push(pace, cpu);
      line(`  achieved ${fmt(achieved, 1)} msg/s over ${fmt(paced.seconds, 2)} s (${deviation >= 0 ? '+' : ''}${fmt(deviation, 2)}% of the set rate; target within ${TARGETS.pacingDeviationPercent}%: ${verdict(pace.met)})`);
      line(`  producer CPU: ${fmt(paced.cpuPercent, 1)}% of one core (target < ${TARGETS.pacingCpuPercent}%: ${verdict(cpu.met)}); peak RSS ${fmt(paced.usage.peakRssMb)} MB`);
      if (paced.exitCode !== 0) failures.push(`the paced producer exited with ${paced.exitCode}`);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await cluster.stop({ keepLogs: failed });
  }
  return { benchmark: 'producer', targets, failures };
}
