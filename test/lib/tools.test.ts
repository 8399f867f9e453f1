import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingTool, runTool } from '../../scripts/lib/tools.ts';

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
