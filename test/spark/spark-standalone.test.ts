// A real Spark standalone master and worker (the version the images run) started with the generated
// spark-defaults.conf and spark-env.sh of each environment: what the daemons make of those files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { envNames, environments, type EnvName } from '../../scripts/environments.ts';
import { REPO } from '../helpers/repo-copy.ts';
import { requireSpark, startSparkCluster, type SparkCluster } from '../helpers/spark/cluster.ts';

/** Spark's memory strings (512m, 4g) in MiB, as the master reports a worker's memory. */
const mib = (size: string): number => {
  const m = /^(\d+)([mg])$/i.exec(size);
  if (!m) throw new Error(`unexpected memory size ${size}`);
  return Number(m[1]) * (m[2]!.toLowerCase() === 'g' ? 1024 : 1);
};

/** The metrics_path of a scrape job in config/<env>/prometheus.yml. */
function metricsPath(env: EnvName, job: string): string {
  const config = parse(readFileSync(join(REPO, 'config', env, 'prometheus.yml'), 'utf8')) as { scrape_configs: { job_name: string; metrics_path?: string }[] };
  const found = config.scrape_configs.find((c) => c.job_name === job);
  assert.ok(found, `config/${env}/prometheus.yml has no job ${job}`);
  return found.metrics_path ?? '/metrics';
}

/** Sample lines of the Prometheus text format: name, optional labels, a number. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?(\d+(\.\d+)?([eE][-+]?\d+)?|NaN|[+-]Inf)$/;

function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    assert.match(line, SAMPLE);
    const [series, value] = [line.slice(0, line.lastIndexOf(' ')), line.slice(line.lastIndexOf(' ') + 1)];
    values.set(series, Number(value));
  }
  return values;
}

for (const env of envNames) {
  test(`${env}: Spark master and worker run with the generated spark-defaults.conf and spark-env.sh`, async (t) => {
    const cp = await requireSpark(t);
    if (!cp) return;
    const spark: SparkCluster = await startSparkCluster(cp, env);
    t.after(() => spark.stop());

    const workers = environments[env].spark.workers;

    await t.test(`the ${workers} worker(s) register with the cores and memory of spark-env.sh`, async () => {
      const status = await spark.waitForMaster((s) => s.aliveworkers === workers, `${workers} alive workers`);
      assert.equal(status.workers.length, workers);
      for (const worker of status.workers) {
        assert.equal(worker.cores, Number(spark.sparkEnv.SPARK_WORKER_CORES));
        assert.equal(worker.memory, mib(spark.sparkEnv.SPARK_WORKER_MEMORY ?? ''));
        assert.equal(worker.state, 'ALIVE');
      }
    });

    await t.test('the master servlet that prometheus.yml scrapes answers with Prometheus text', async () => {
      const res = await fetch(`${spark.masterUi}${metricsPath(env, 'spark-master')}`);
      assert.equal(res.status, 200);
      const values = samples(await res.text());
      assert.equal(values.get('metrics_master_aliveWorkers_Value{type="gauges"}'), workers);
      assert.ok(values.has('metrics_jvm_heap_used_Value{type="gauges"}'), 'the JVM source is on');
    });

    await t.test('the worker servlets that prometheus.yml scrapes answer with Prometheus text', async () => {
      for (const ui of spark.workerUis) {
        const res = await fetch(`${ui}${metricsPath(env, 'spark-worker')}`);
        assert.equal(res.status, 200);
        const values = samples(await res.text());
        assert.equal(values.get('metrics_worker_coresFree_Value{type="gauges"}'), Number(spark.sparkEnv.SPARK_WORKER_CORES));
        assert.equal(values.get('metrics_worker_memFree_MB_Value{type="gauges"}'), mib(spark.sparkEnv.SPARK_WORKER_MEMORY ?? ''));
      }
    });
  });
}
