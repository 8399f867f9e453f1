// `npm run bench`: the producer's figures against librdkafka's mock Kafka cluster on loopback,
// with kcat (librdkafka, C) producing the same records in the same run as the reference.
//   throughput: 1,000,000 records, produced and acknowledged (acks=all); msg/s, MB/s, ratio to kcat
//   pacing:     --rate 10000 for 30 s; achieved rate and the producer's CPU as % of one core
// Options: --count N, --pace-seconds S, --workers W, --batch-size B, --max-in-flight F, --skip-pacing
import { parseArgs } from 'node:util';
import { findTool } from './lib/tools.ts';
import { mockKafkaUnavailable, startMockKafka, MOCK_KAFKA_INSTALL_HINT } from './bench/mock-kafka-cluster.ts';
import { runProducerOnce } from './bench/producer-run.ts';
import { runKcatReference } from './bench/kcat-run.ts';
import { endOffsetTotal } from './bench/offsets.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    'pace-seconds': { type: 'string', default: '30' },
    'pace-rate': { type: 'string', default: '10000' },
    workers: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '500' },
    'max-in-flight': { type: 'string', default: '16' },
    'skip-pacing': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const paceSeconds = Number(values['pace-seconds']);
const paceRate = Number(values['pace-rate']);

const kcat = await findTool('kcat');
const unavailable = mockKafkaUnavailable();
if (!kcat || unavailable) {
  process.stderr.write(`bench: needs kcat (apt-get install -y kcat) and the mock Kafka cluster (${unavailable ?? 'ok'}; ${MOCK_KAFKA_INSTALL_HINT})\n`);
  process.exit(2);
}

const line = (text = ''): void => void process.stdout.write(`${text}\n`);
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const cluster = await startMockKafka(3);
try {
  line(`mock Kafka cluster (librdkafka): ${cluster.bootstrap}; acks=all, no compression`);
  line();
  line(`throughput: ${fmt(count)} records`);

  const stamp = Date.now();
  const ours = await runProducerOnce({
    brokers: cluster.bootstrap,
    topic: `bench-producer-${stamp}`,
    args: ['--count', String(count), '--rate', '0', '--workers', values.workers!, '--batch-size', values['batch-size']!, '--max-in-flight', values['max-in-flight']!],
  });
  const oursOffsets = await endOffsetTotal(kcat, cluster.bootstrap, ours.topic);
  line(`  producer (kafkajs, ${values.workers} sender threads): ${fmt(ours.acknowledged)} acknowledged in ${fmt(ours.seconds, 2)} s = ${fmt(ours.acknowledged / ours.seconds)} msg/s, ${fmt(ours.bytes / 1e6 / ours.seconds, 1)} MB/s (avg ${fmt(ours.bytes / Math.max(1, ours.acknowledged))} B/record; broker end offsets ${fmt(oursOffsets)}; exit ${ours.exitCode})`);

  const reference = await runKcatReference({ kcat, brokers: cluster.bootstrap, topic: `bench-kcat-${stamp}`, count });
  const kcatOffsets = await endOffsetTotal(kcat, cluster.bootstrap, reference.topic);
  line(`  kcat -P (librdkafka, same records):       ${fmt(kcatOffsets)} acknowledged in ${fmt(reference.seconds, 2)} s = ${fmt(kcatOffsets / reference.seconds)} msg/s, ${fmt(reference.bytes / 1e6 / reference.seconds, 1)} MB/s (exit ${reference.exitCode})`);
  const ratio = ours.acknowledged / ours.seconds / (kcatOffsets / reference.seconds);
  line(`  ratio producer/kcat: ${fmt(ratio, 2)}  (target: >= 250,000 msg/s for the producer: ${ours.acknowledged / ours.seconds >= 250_000 ? 'met' : 'NOT met'})`);

  if (!values['skip-pacing']) {
    line();
    line(`pacing: --rate ${fmt(paceRate)} for ${paceSeconds} s`);
    const paced = await runProducerOnce({
      brokers: cluster.bootstrap,
      topic: `bench-pacing-${stamp}`,
      args: ['--rate', String(paceRate), '--duration', `${paceSeconds}s`, '--workers', '1', '--batch-size', '1000'],
    });
    const achieved = paced.acknowledged / paced.seconds;
    const deviation = ((achieved - paceRate) / paceRate) * 100;
    line(`  achieved ${fmt(achieved, 1)} msg/s over ${fmt(paced.seconds, 2)} s (${deviation >= 0 ? '+' : ''}${fmt(deviation, 2)}% of the set rate; target within 1%: ${Math.abs(deviation) <= 1 ? 'met' : 'NOT met'})`);
    line(`  producer CPU: ${fmt(paced.cpuPercent, 1)}% of one core (target < 15%: ${paced.cpuPercent < 15 ? 'met' : 'NOT met'})`);
  }
} finally {
  await cluster.stop();
}
