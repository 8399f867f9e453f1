// The app-service as prod Prometheus sees it: a real Prometheus server scrapes it as a static
// target, and its series are queryable through Prometheus's HTTP API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPrometheus } from '../helpers/prometheus.ts';
import { METRICS_APP, freePort, runJob } from './run-job.ts';

test('Prometheus scrapes the metrics app: target up, request counters and durations queryable', async (t) => {
  const port = await freePort();
  const app = runJob(METRICS_APP, [], { PORT: String(port), HOST: '127.0.0.1', SIMULATED_RPS: '20' });
  t.after(() => app.child.kill('SIGKILL'));
  await app.waitFor(/listening/);

  const prometheus = await startPrometheus(t, [{ job: 'app-service', targets: [`127.0.0.1:${port}`] }]);
  if (!prometheus) return;
  t.after(() => prometheus.stop());

  await prometheus.waitFor('up{job="app-service"}', (v) => v === 1);
  const simulated = await prometheus.waitFor('sum(http_requests_total{job="app-service",route="/api/products"})', (v) => v > 0);
  assert.ok(simulated > 0);
  // Prometheus's own scrapes are real requests the app serves and counts.
  await prometheus.waitFor('http_requests_total{job="app-service",route="/metrics",method="GET",status="200"}', (v) => v >= 1);
  const buckets = await prometheus.query('http_request_duration_seconds_bucket{job="app-service",route="/api/products",le="+Inf"}');
  assert.ok(buckets.length > 0, 'request-duration histogram present');
  const processSeries = await prometheus.query('process_cpu_seconds_total{job="app-service"}');
  assert.equal(processSeries.length, 1, 'default process metrics present');

  app.child.kill('SIGTERM');
  assert.equal((await app.exited).code, 0);
});
