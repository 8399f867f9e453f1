import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { generatedTree } from './helpers.ts';

test('the generated spark-env.sh files pass shellcheck', async (t) => {
  const shellcheck = await requireTool(t, 'shellcheck');
  if (!shellcheck) return;
  const root = await generatedTree(t);
  const run = await runTool(shellcheck, [join(root, 'config/dev/spark-env.sh'), join(root, 'config/prod/spark-env.sh')]);
  assert.equal(run.exitCode, 0, run.stdout);
});
