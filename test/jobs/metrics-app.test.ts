// The app-service's HTTP contract: probes, metric names and labels, shutdown behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS_APP, freePort, runJob } from './run-job.ts';

async function startApp(env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const app = runJob(METRICS_APP, [], { PORT: String(port), HOST: '127.0.0.1', SIMULATED_RPS: '0', ...env });
  await app.waitFor(/listening/);
  return { app, base: `http://127.0.0.1:${port}` };
}

test('serves /healthz and /readyz with 200 once started', async (t) => {
  const { app, base } = await startApp();
  t.after(() => app.child.kill('SIGKILL'));
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);
});

test('counts the requests it serves by method, route template and status', async (t) => {
  const { app, base } = await startApp();
  t.after(() => app.child.kill('SIGKILL'));
  await fetch(`${base}/api/orders/42`).then((r) => r.arrayBuffer());
  await fetch(`${base}/no/such/page`).then((r) => r.arrayBuffer());
  const body = await (await fetch(`${base}/metrics`)).text();
  assert.match(body, /^http_requests_total\{method="GET",route="\/api\/orders\/\{id\}",status="(200|503)"\} 1$/m);
  // Unknown paths share one label value, so scanners cannot blow up the series count.
  assert.match(body, /^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
  assert.match(body, /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="unmatched",status="404"\} 1$/m);
  assert.match(body, /^process_cpu_user_seconds_total /m);
});

test('simulated traffic moves the same counters as real requests', async (t) => {
  const { app, base } = await startApp({ SIMULATED_RPS: '50' });
  t.after(() => app.child.kill('SIGKILL'));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const body = await (await fetch(`${base}/metrics`)).text();
  const apiRequests = [...body.matchAll(/^http_requests_total\{method="\w+",route="\/api\/[^"]+",status="\d+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  assert.ok(apiRequests >= 10, `expected simulated API requests, counted ${apiRequests}`);
});

test('on SIGTERM it reports not ready, finishes, and exits 0', async (t) => {
  const { app, base } = await startApp({ SHUTDOWN_DELAY: '3s' });
  t.after(() => app.child.kill('SIGKILL'));
  app.child.kill('SIGTERM');
  await app.waitFor(/not ready, draining/);
  assert.equal((await fetch(`${base}/readyz`)).status, 503);
  const { code } = await app.exited;
  assert.equal(code, 0);
  assert.match(app.stdout(), /stopped cleanly/);
});

test('a bad PORT is a usage error with exit code 2 and no stack trace', async () => {
  const app = runJob(METRICS_APP, [], { PORT: 'eighty' });
  const { code } = await app.exited;
  assert.equal(code, 2);
  assert.match(app.stderr(), /PORT: 'eighty' is not a whole number from 0 to 65535/);
  assert.doesNotMatch(app.stderr(), /\n\s+at /);
});

test('every API route exports its success and error counters at zero before any request', async (t) => {
  const { app, base } = await startApp();
  t.after(() => app.child.kill('SIGKILL'));
  const body = await (await fetch(`${base}/metrics`)).text();
  for (const [method, route, success] of [
    ['GET', '/api/products', '200'],
    ['POST', '/api/payments', '201'],
  ] as const) {
    assert.match(body, new RegExp(`^http_requests_total\\{method="${method}",route="${route}",status="${success}"\\} 0$`, 'm'));
    assert.match(body, new RegExp(`^http_requests_total\\{method="${method}",route="${route}",status="503"\\} 0$`, 'm'));
  }
});
