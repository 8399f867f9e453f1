// The main thread of `npm run producer`: starts the sender threads, serves metrics, shows
// progress, turns SIGINT/SIGTERM into a drain, and decides the exit status.
import { startWorker } from '../shared/start-worker.ts';
import type { ProducerConfig } from './config.ts';
import { createProducerMetrics } from './metrics.ts';
import { servicesForWorker } from './records.ts';
import { StatusReporter, type Totals } from './status.ts';
import type { MainMessage, WorkerAssignment, WorkerMessage } from './worker-protocol.ts';
import { PortInUseError, serveMetrics } from '../shared/metrics-server.ts';
import { onShutdownSignal } from '../shared/shutdown.ts';

export const EXIT_ALL_ACKNOWLEDGED = 0;
export const EXIT_UNACKNOWLEDGED = 1;
export const EXIT_ENVIRONMENT = 2;

/** Splits `total` into `parts` whole shares that add up to it. */
function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

export async function runProducer(config: ProducerConfig, workerUrl: URL): Promise<number> {
  const metrics = createProducerMetrics(config.topic);
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  if (config.metricsPort > 0) {
    try {
      metricsServer = await serveMetrics(metrics.registry, config.metricsPort, config.metricsHost);
    } catch (error) {
      if (!(error instanceof PortInUseError) || config.metricsPortExplicit) {
        process.stderr.write(`producer: metrics server: ${(error as Error).message}\n`);
        return EXIT_ENVIRONMENT;
      }
      // Another producer on this machine holds the default port; this one still gets metrics.
      metricsServer = await serveMetrics(metrics.registry, 0, config.metricsHost);
      process.stderr.write(`producer: metrics port ${config.metricsPort} is in use (another producer?); serving metrics on ${config.metricsHost}:${metricsServer.port} instead (set METRICS_PORT / --metrics-port to choose)\n`);
    }
  }

  const totals: Totals = { acknowledged: 0, bytes: 0, failed: 0, inFlight: 0 };
  const inFlightPerWorker = new Array<number>(config.workers).fill(0);
  const status = new StatusReporter(process.stdout, () => totals, config.topic, config.statusIntervalMs);
  let produced = 0;
  let fatal: string | null = null;
  let stopReason: string | null = null;

  const workers = Array.from({ length: config.workers }, (_, index) => {
    const assignment: WorkerAssignment = {
      config,
      index,
      services: servicesForWorker(index, config.workers),
      count: config.count === null ? null : share(config.count, config.workers, index),
      rate: share(config.rate, config.workers, index),
    };
    return startWorker(workerUrl, { workerData: assignment });
  });
  const stopAll = (): void => {
    for (const worker of workers) worker.postMessage({ type: 'stop' } satisfies MainMessage);
  };
  onShutdownSignal((signal) => {
    stopReason = `stopped by ${signal}`;
    process.stderr.write(`producer: ${signal} received; flushing the batches in flight\n`);
    stopAll();
  });

  let connected = 0;
  const finished = workers.map(
    (worker, index) =>
      new Promise<void>((resolve) => {
        worker.on('message', (message: WorkerMessage) => {
          switch (message.type) {
            case 'connected':
              if (++connected === workers.length) {
                process.stdout.write(`producer: connected to ${config.brokers.join(',')}; writing to ${config.topic}${metricsServer ? `; metrics on ${config.metricsHost}:${metricsServer.port}/metrics` : ''}\n`);
                status.start();
              }
              break;
            case 'progress':
            case 'done':
              totals.acknowledged += message.acknowledged;
              totals.bytes += message.bytes;
              totals.failed += message.failed;
              inFlightPerWorker[index] = message.inFlight;
              totals.inFlight = inFlightPerWorker.reduce((a, b) => a + b, 0);
              metrics.record(message, index);
              if (message.type === 'done') produced += message.produced;
              break;
            case 'error':
              process.stderr.write(`producer: ${message.message}\n`);
              break;
            case 'halt':
              process.stderr.write(`producer: ${message.message}\n`);
              stopReason ??= message.message;
              stopAll();
              break;
            case 'fatal':
              if (fatal === null) process.stderr.write(`producer: ${message.message}\n`);
              fatal ??= message.message;
              // Its connection attempt may still hold sockets open; nothing it holds is owed to anyone.
              void worker.terminate();
              stopAll();
              break;
          }
        });
        worker.on('error', (error) => {
          fatal ??= `sender thread ${index} crashed: ${error.message}`;
          process.stderr.write(`producer: ${fatal}\n`);
          stopAll();
        });
        worker.on('exit', () => resolve());
      }),
  );
  await Promise.all(finished);
  status.stop();
  await new Promise<void>((resolve) => (metricsServer ? metricsServer.server.close(() => resolve()) : resolve()));

  if (fatal !== null) return EXIT_ENVIRONMENT;
  const reason = stopReason ?? (config.count !== null ? `count ${config.count} reached` : 'duration elapsed');
  process.stdout.write(`${status.summary(totals, produced, reason)}\n`);
  return totals.acknowledged === produced && totals.failed === 0 ? EXIT_ALL_ACKNOWLEDGED : EXIT_UNACKNOWLEDGED;
}
