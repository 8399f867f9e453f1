import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingTool, runBounded, runTool } from '../../scripts/lib/tools.ts';

test('a missing tool is reported with the check it blocks and how to install it', () => {
  const skipped = missingTool('promtool-config', 'promtool');
  assert.equal(skipped.check, 'promtool-config');
  assert.match(skipped.reason, /promtool is not on the PATH/);
  assert.equal(skipped.fix, 'apt-get install -y prometheus');
});

test('runTool returns the exit code and both streams instead of throwing', async () => {
  const run = await runTool('sh', ['-c', 'echo out; echo err >&2; exit 3']);
  assert.deepEqual(run, { exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
});

test('runBounded keeps stdout and stderr apart and also together in one output', async () => {
  const run = await runBounded('sh', ['-c', 'echo one; echo two >&2; echo three'], { timeoutMs: 30_000 });
  assert.deepEqual([run.code, run.stdout, run.stderr], [0, 'one\nthree\n', 'two\n']);
  // Two pipes: which one the parent reads first is the scheduler's choice, so only the lines are fixed.
  assert.deepEqual(run.output.split('\n').sort(), ['', 'one', 'three', 'two']);
});

test('runBounded ends a command at its time limit and says so in its output', async () => {
  const run = await runBounded('sh', ['-c', 'echo started; exec sleep 30'], { timeoutMs: 300, timeoutSignal: 'SIGKILL' });
  assert.equal(run.code, null);
  assert.equal(run.output, 'started\n\n(sh killed after 300 ms)');
});

test('runBounded gives the command only the environment and input it is handed', async () => {
  const run = await runBounded('sh', ['-c', 'echo "$ONLY:${HOME:-none}"; cat'], { env: { PATH: process.env.PATH, ONLY: 'this' }, input: 'piped', timeoutMs: 30_000 });
  assert.equal(run.stdout, 'this:none\npiped');
});
