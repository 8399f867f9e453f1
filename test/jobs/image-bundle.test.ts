// The image's build step, without a Docker engine: `npm run build:jobs` bundles each job into a
// self-contained file that starts with no node_modules beside it, through the image's entrypoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '../../scripts/lib/tools.ts';
import { REPO, freePort } from './run-job.ts';

test('the bundles run outside the repository: producer --help, metrics serves /healthz', async (t) => {
  const built = await mkdtemp(join(tmpdir(), 'jobs-bundle-'));
  const app = await mkdtemp(join(tmpdir(), 'jobs-app-'));
  t.after(() => Promise.all([rm(built, { recursive: true, force: true }), rm(app, { recursive: true, force: true })]));
  const build = await runTool(process.execPath, ['--import', 'tsx', 'jobs/build.ts', built], { cwd: REPO });
  assert.equal(build.exitCode, 0, build.stderr);
  // Like the runtime stage: only the bundles, in a directory with no node_modules up the tree.
  await cp(built, app, { recursive: true });

  const help = await runTool(process.execPath, ['jobs.mjs', 'producer', '--help'], { cwd: app });
  assert.equal(help.exitCode, 0, help.stderr);
  assert.match(help.stdout, /--brokers VALUE/);

  const port = await freePort();
  const metrics = spawn(process.execPath, ['jobs.mjs', 'metrics'], { cwd: app, env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  t.after(() => metrics.kill('SIGKILL'));
  let healthy = false;
  for (let i = 0; i < 50 && !healthy; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  }
  assert.ok(healthy, 'the bundled metrics app answers /healthz');
  const check = await runTool(process.execPath, ['jobs.mjs', 'healthcheck'], { cwd: app, env: { PATH: process.env.PATH, PORT: String(port) } });
  assert.equal(check.exitCode, 0, check.stderr);
  const exited = new Promise<number | null>((resolve) => metrics.once('exit', resolve));
  metrics.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('an unknown job name is a usage error', async (t) => {
  const built = await mkdtemp(join(tmpdir(), 'jobs-bundle-'));
  t.after(() => rm(built, { recursive: true, force: true }));
  await runTool(process.execPath, ['--import', 'tsx', 'jobs/build.ts', built], { cwd: REPO });
  const run = await runTool(process.execPath, [join(built, 'jobs.mjs'), 'consumer']);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /usage: IMAGE producer \[flags\] \| IMAGE metrics/);
});

test('the Dockerfile is multi-stage, pins its base image exactly and runs as the node user', async () => {
  const dockerfile = await readFile(join(REPO, 'jobs/Dockerfile'), 'utf8');
  const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
  assert.equal(froms.length, 2);
  for (const image of froms) assert.match(image!, /^node:\d+\.\d+\.\d+-[a-z]+-slim$/);
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^ENTRYPOINT \["node", "\/app\/jobs.mjs"\]$/m);
  assert.match(dockerfile, /^COPY --from=build .* \/src\/jobs\/dist\/ \/app\/$/m);
});
