// Every setting of the generated spark-defaults.conf is one Spark knows: a misspelt key in
// scripts/generate/spark.ts would otherwise be ignored silently by the daemons, never reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { envNames, environments, versions } from '../../scripts/environments.ts';
import { renderSparkDefaults } from '../../scripts/generate/spark.ts';
import { REPO } from '../helpers/repo-copy.ts';
import { requireSpark } from '../helpers/spark/cluster.ts';
import { sparkKnownKeys, unknownSparkKeys } from '../helpers/spark/settings.ts';

let known: Set<string> | null = null;

for (const env of envNames) {
  test(`${env}: every key of spark-defaults.conf is a setting Spark ${versions.spark} knows`, async (t) => {
    const cp = await requireSpark(t);
    if (!cp) return;
    known ??= sparkKnownKeys(cp);
    const text = readFileSync(join(REPO, 'config', env, 'spark-defaults.conf'), 'utf8');
    assert.deepEqual(unknownSparkKeys(text, known), [], `config/${env}/spark-defaults.conf has keys Spark does not know`);
  });
}

test('a misspelt setting in the generator is caught, with its line', async (t) => {
  const cp = await requireSpark(t);
  if (!cp) return;
  known ??= sparkKnownKeys(cp);
  const text = renderSparkDefaults(environments.dev)
    .replace('spark.executor.memory ', 'spark.executor.memroy ')
    .replace('spark.metrics.conf.*.sink.prometheusServlet.path', 'spark.metrics.conf.*.snk.prometheusServlet.path');
  const lines = text.split('\n');
  const at = (key: string): number => lines.findIndex((l) => l.startsWith(`${key} `)) + 1;
  assert.deepEqual(unknownSparkKeys(text, known), [
    `${at('spark.executor.memroy')}: spark.executor.memroy`,
    `${at('spark.metrics.conf.*.snk.prometheusServlet.path')}: spark.metrics.conf.*.snk.prometheusServlet.path`,
  ]);
});
