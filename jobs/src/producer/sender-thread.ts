// One sender thread: its own kafkajs producer, its own services (so each key has one writer),
// its share of the count and rate. Reports progress to the main thread as deltas.
import { parentPort } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import { BatchPipeline } from './batch-pipeline.ts';
import { createProducer, topicPartitions } from './kafka-client.ts';
import { PartitionRouter } from './partition-router.ts';
import { Pacer } from './pacer.ts';
import { LogRecordGenerator, generatorSeed } from './records.ts';
import type { MainMessage, ProgressDelta, WorkerAssignment, WorkerMessage } from './worker-protocol.ts';

const PROGRESS_EVERY_MS = 200;

export async function runSenderThread(assignment: WorkerAssignment): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runSenderThread must run in a worker thread');
  const post = (message: WorkerMessage): void => port.postMessage(message);
  const { config } = assignment;
  const stopping = new AbortController();
  port.on('message', (message: MainMessage) => {
    if (message.type === 'stop') stopping.abort();
  });

  const router = new PartitionRouter(config.topic);
  const producer = createProducer(config, router, assignment.index > 0 ? `[sender ${assignment.index}] ` : '');
  const connected = await connectWithin(producer, config.timeoutMs, config.brokers, stopping.signal);
  if (connected !== true) {
    post({ type: 'fatal', message: connected });
    port.close();
    return;
  }
  const partitions = await topicPartitions(config);
  if (typeof partitions === 'string') {
    post({ type: 'fatal', message: partitions });
    await producer.disconnect();
    port.close();
    return;
  }
  router.usePartitionCount(partitions);
  post({ type: 'connected' });

  const delta: ProgressDelta = { acknowledged: 0, bytes: 0, failed: 0, inFlight: 0, batchSeconds: [] };
  let lastError = '';
  const pipeline = new BatchPipeline(producer, router, config.topic, config.compression, config.maxInFlight, {
    acknowledged(messages, bytes, seconds) {
      delta.acknowledged += messages;
      delta.bytes += bytes;
      delta.batchSeconds.push(seconds);
    },
    failed(messages, error) {
      delta.failed += messages;
      if (error.message !== lastError) {
        lastError = error.message;
        post({ type: 'error', message: `${messages} messages not acknowledged: ${describe(error)}` });
      }
      // After a batch that failed for good, the idempotent producer's sequence numbers no longer
      // match what the brokers hold: the next batch could be refused, or taken for a duplicate.
      if (config.idempotence && !stopping.signal.aborted) {
        post({ type: 'halt', message: `stopping: a batch was not acknowledged after ${config.retries} retries (${describe(error)})` });
        stopping.abort();
      }
    },
  });
  const flush = (): void => {
    post({ type: 'progress', ...delta, inFlight: pipeline.pending });
    delta.acknowledged = delta.bytes = delta.failed = 0;
    delta.batchSeconds = [];
  };
  const ticker = setInterval(flush, PROGRESS_EVERY_MS);

  const generator = new LogRecordGenerator({ services: assignment.services, seed: generatorSeed(config.seed ?? process.pid, assignment.index) });
  const pacer = new Pacer(assignment.rate);
  let produced = 0;
  if (config.durationMs !== null) {
    sleep(config.durationMs, undefined, { signal: stopping.signal }).then(() => stopping.abort(), () => {});
  }
  while (!stopping.signal.aborted) {
    const remaining = assignment.count === null ? config.batchSize : assignment.count - produced;
    if (remaining <= 0) break;
    const limit = Math.min(config.batchSize, remaining);
    const granted = await pacer.take(pacer.chunk(limit), stopping.signal, limit);
    if (granted === 0) break;
    // A batch generated but not sent when the stop came is not counted as produced.
    if (!(await pipeline.submit(generator.batch(granted), stopping.signal))) break;
    produced += granted;
  }
  await pipeline.drain();
  clearInterval(ticker);
  stopping.abort(); // ends the duration timer, if any
  // Every acknowledgement is already counted; a failed disconnect loses nothing, but it is said.
  await producer.disconnect().catch((error: unknown) => console.error(`producer: disconnecting after the run failed: ${error instanceof Error ? error.message : String(error)}`));
  post({ type: 'done', produced, ...delta, inFlight: 0 });
  // The stop listener would otherwise keep this thread alive after its work is done.
  port.close();
}

/** kafkajs retries the first connection for a long time; the settings' timeout bounds it. */
async function connectWithin(producer: Producer, timeoutMs: number, brokers: string[], stop: AbortSignal): Promise<true | string> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`could not reach the Kafka brokers ${brokers.join(',')} within ${timeoutMs} ms; check --brokers / KAFKA_BROKERS and that the brokers are up`),
      timeoutMs,
    );
    stop.addEventListener('abort', () => resolve('stopped before the brokers were reached'), { once: true });
  });
  const attempt = producer.connect().then(
    () => true as const,
    (error: Error) => `could not connect to the Kafka brokers ${brokers.join(',')}: ${describe(error)}`,
  );
  try {
    return await Promise.race([attempt, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: Error): string {
  const cause = (error as Error & { cause?: Error }).cause;
  return cause && cause.message !== error.message ? `${error.message} (${cause.message})` : error.message;
}
