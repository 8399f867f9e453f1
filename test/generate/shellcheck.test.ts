import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderAll } from '../../scripts/generate/index.ts';
import { writeGenerated } from '../../scripts/generate/write.ts';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { tempDir } from './helpers.ts';

test('the generated spark-env.sh files pass shellcheck', async (t) => {
  const shellcheck = await requireTool(t, 'shellcheck');
  if (!shellcheck) return;
  const root = await tempDir(t);
  await writeGenerated(root, renderAll());
  const run = await runTool(shellcheck, [join(root, 'config/dev/spark-env.sh'), join(root, 'config/prod/spark-env.sh')]);
  assert.equal(run.exitCode, 0, run.stdout);
});
