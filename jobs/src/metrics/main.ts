// Entry point of `npm run metrics`: the app-service Prometheus scrapes on :8000 in prod.
import { MetricsConfigError, parseMetricsConfig } from './config.ts';
import { createHttpMetrics } from './http-metrics.ts';
import { startAppServer } from './server.ts';
import { simulateTraffic } from './traffic.ts';
import { onShutdownSignal } from '../shared/shutdown.ts';
import { setTimeout as sleep } from 'node:timers/promises';

async function main(): Promise<number> {
  let config;
  try {
    config = parseMetricsConfig(process.env);
  } catch (error) {
    if (!(error instanceof MetricsConfigError)) throw error;
    process.stderr.write(`metrics: invalid settings:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 2;
  }
  // Listening for signals before anything starts: a SIGTERM during start-up is a shutdown too.
  const stopped = new Promise<NodeJS.Signals>((resolve) => onShutdownSignal(resolve));
  const metrics = createHttpMetrics();
  let app;
  try {
    app = await startAppServer(metrics, config.port, config.host);
  } catch (error) {
    process.stderr.write(`metrics: cannot listen: ${(error as Error).message}\n`);
    return 2;
  }
  const stopTraffic = simulateTraffic(`http://127.0.0.1:${app.port}`, config.simulatedRps);
  app.setReady(true);
  process.stdout.write(`metrics: app-service listening on ${config.host}:${app.port} (/metrics, /healthz, /readyz); simulated traffic ${config.simulatedRps} req/s\n`);

  const signal = await stopped;
  app.setReady(false);
  process.stdout.write(`metrics: ${signal} received; not ready, draining\n`);
  // Gives load balancers time to see /readyz fail before connections are refused.
  if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
  await stopTraffic();
  await app.close();
  process.stdout.write('metrics: stopped cleanly\n');
  return 0;
}

process.exitCode = await main();
