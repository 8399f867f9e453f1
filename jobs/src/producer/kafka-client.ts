// The kafkajs client and producer as the settings describe them: TLS, SASL, timeouts, retries
// with exponential backoff, and the partitioner of partition-router.ts.
import kafkajs from 'kafkajs';
import type { KafkaConfig, LogEntry, Producer, RetryOptions, SASLOptions } from 'kafkajs';
import type { ProducerConfig } from './config.ts';
import type { PartitionRouter } from './partition-router.ts';

const { Kafka, logLevel } = kafkajs;

function saslOptions(config: ProducerConfig): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const { mechanism, username, password } = config.sasl;
  return { mechanism, username, password } as SASLOptions;
}

/** kafkajs's own log lines, one per line on stderr, without its JSON envelope. */
function logCreator(prefix: string) {
  return () =>
    ({ namespace, log }: LogEntry): void => {
      // kafkajs puts the broker's error in `error`, beside a message that names only the request.
      const detail = typeof log.error === 'string' && log.error !== log.message ? `: ${log.error}` : '';
      process.stderr.write(`${prefix}kafkajs ${namespace}: ${log.message}${detail}\n`);
    };
}

/**
 * kafkajs's retry options, all of them: kafkajs fills the ones left out from its defaults, and
 * under NODE_ENV=test (as the tests run the producer) those are its test defaults, a backoff
 * multiplier of 1.5 instead of 2. Ten retries then lasted about 11 s instead of about 80 s, less
 * than a broker's ZooKeeper session (18 s): the batch was given up while the dead broker was still
 * the leader. Backoff doubles from 100 ms and stays at 5 s from the seventh retry (±20% jitter), so
 * a batch waiting for a new leader is sent at most about 5 s after the leader moved (with kafkajs's
 * 30 s cap it waited up to 17 s more); the default 20 retries last about 75 s in all.
 */
export function retrySchedule(retries: number, initialRetryTime = 100): RetryOptions {
  return { retries, initialRetryTime, maxRetryTime: 5_000, multiplier: 2, factor: 0.2 };
}

function kafkaOptions(config: ProducerConfig, logPrefix: string): KafkaConfig {
  const options: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: config.timeoutMs,
    requestTimeout: config.timeoutMs,
    retry: retrySchedule(config.retries),
    logLevel: logLevel.ERROR,
    logCreator: logCreator(logPrefix),
  };
  if (config.tls) options.ssl = Object.keys(config.tls).length > 0 ? { ...config.tls } : true;
  const sasl = saslOptions(config);
  if (sasl) options.sasl = sasl;
  return options;
}

/**
 * The topic's partition count, or why the topic cannot be written to (it does not exist, and the
 * brokers create no topics; without this check kafkajs would retry the unknown topic for a minute
 * and more), or why its metadata could not be read. The sender splits each batch by partition
 * (partition-router.ts), so it needs the count before the first batch.
 */
export async function topicPartitions(config: ProducerConfig, logPrefix = ''): Promise<number | string> {
  const admin = new Kafka({ ...kafkaOptions(config, logPrefix), logLevel: logLevel.NOTHING, retry: retrySchedule(2, 200) }).admin();
  try {
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [config.topic] });
    const partitions = topics.find((t) => t.name === config.topic)?.partitions.length ?? 0;
    return partitions > 0 ? partitions : `topic ${config.topic} has no partitions on ${config.brokers.join(',')}`;
  } catch (error) {
    if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') {
      return `could not read the partitions of topic ${config.topic} from ${config.brokers.join(',')}: ${(error as Error).message}`;
    }
    return `topic ${config.topic} does not exist on ${config.brokers.join(',')} and the brokers create no topics on their own; check --topic / KAFKA_TOPIC, or create it (in the cluster the kafka-topics Job does; \`npm run kafka\` creates the environment's topic)`;
  } finally {
    await admin.disconnect();
  }
}

/** `router` gives every batch's messages their partitions (see partition-router.ts). */
export function createProducer(config: ProducerConfig, router: PartitionRouter, logPrefix = ''): Producer {
  return new Kafka(kafkaOptions(config, logPrefix)).producer({
    createPartitioner: router.partitioner,
    // Only asks: the platform's brokers refuse (auto.create.topics.enable=false; the kafka-topics
    // Job creates the topic), librdkafka's mock cluster in the tests obliges.
    allowAutoTopicCreation: true,
    // Idempotence: the broker drops a retried batch it already has and refuses one out of
    // sequence, so retries neither duplicate nor reorder. Needs acks=-1 (BatchPipeline sends that).
    idempotent: config.idempotence,
    retry: retrySchedule(config.retries),
  });
}
