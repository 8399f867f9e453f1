// Signals sent to `npm run metrics` reach the app itself (the script execs node): the app drains,
// npm exits with the app's status, and nothing is left holding the port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO, freePort } from './run-job.ts';

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} to \`npm run metrics\` stops the app: npm exits 0 and the port is free`, async () => {
    const port = await freePort();
    const npm = spawn('npm', ['run', '--silent', 'metrics'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', SIMULATED_RPS: '5' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => npm.once('close', (code) => resolve(code)));
    try {
      for (let i = 0; i < 300 && !/listening on/.test(out); i++) await sleep(100);
      assert.match(out, /listening on/);
      assert.equal(await portIsFree(port), false);
      npm.kill(signal);
      assert.equal(await exited, 0, out);
      assert.match(out, new RegExp(`${signal} received; not ready, draining[\\s\\S]*stopped cleanly`));
      assert.equal(await portIsFree(port), true, 'the app does not outlive npm');
    } finally {
      npm.kill('SIGKILL');
    }
  });
}
