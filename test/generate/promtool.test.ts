// The generated Prometheus configs and alert rules, checked by the real promtool.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { alertNames, RUNBOOKS_DOC, runbookUrl } from '../../scripts/generate/alert-rules.ts';
import { environments } from '../../scripts/environments.ts';
import { generated, generatedTree } from './helpers.ts';
import { envNames } from '../../scripts/environments.ts';

const ENVS = envNames;

for (const env of ENVS) {
  test(`promtool check config accepts ${env}'s prometheus.yml and its rule file`, async (t) => {
    const promtool = await requireTool(t, 'promtool');
    if (!promtool) return;
    const root = await generatedTree(t);
    const run = await runTool(promtool, ['check', 'config', 'prometheus.yml'], { cwd: join(root, 'config', env) });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`SUCCESS: ${alertNames(environments[env]).length} rules found`));
  });

  test(`promtool test rules passes ${env}'s alert unit tests`, async (t) => {
    const promtool = await requireTool(t, 'promtool');
    if (!promtool) return;
    const root = await generatedTree(t);
    const run = await runTool(promtool, ['test', 'rules', 'alert-rules.test.yml'], { cwd: join(root, 'config', env) });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
  });
}

test('every alert has a firing and a quiet unit test', () => {
  for (const env of ENVS) {
    const rules = parse(generated(`config/${env}/alert-rules.yml`)) as { groups: { rules: { alert: string }[] }[] };
    const tests = parse(generated(`config/${env}/alert-rules.test.yml`)) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((c) => c.alert_rule_test);
    for (const { alert } of rules.groups.flatMap((g) => g.rules)) {
      const mine = cases.filter((c) => c.alertname === alert);
      assert.ok(mine.some((c) => c.exp_alerts.length > 0), `${env}: ${alert} has no firing test`);
      assert.ok(mine.some((c) => c.exp_alerts.length === 0), `${env}: ${alert} has no quiet test`);
    }
  }
});

test('the unit tests catch a broken rule: TargetDown that never fires fails them', async (t) => {
  const promtool = await requireTool(t, 'promtool');
  if (!promtool) return;
  const root = await generatedTree(t);
  const dir = join(root, 'config', 'dev');
  const rules = await readFile(join(dir, 'alert-rules.yml'), 'utf8');
  await writeFile(join(dir, 'alert-rules.yml'), rules.replace('expr: up == 0', 'expr: up == 2'));
  const run = await runTool(promtool, ['test', 'rules', 'alert-rules.test.yml'], { cwd: dir });
  assert.equal(run.exitCode, 1, run.stdout + run.stderr);
  assert.match(run.stdout + run.stderr, /TargetDown/);
});

test('the alerts use the metric names the exporters and the producer really expose', () => {
  const rules = generated('config/prod/alert-rules.yml');
  for (const metric of [
    'kafka_topic_partition_under_replicated_partition',
    'kafka_topic_partition_leader',
    'kafka_topic_partitions',
    'elasticsearch_cluster_health_status{color="red"}',
    'elasticsearch_cluster_health_status{color="yellow"}',
    'kafka_consumergroup_lag{consumergroup="logstash-prod"}',
    'producer_send_errors_total',
    // elasticsearch_exporter's node filesystem stats (nodes collector, on by default).
    'elasticsearch_filesystem_data_available_bytes',
    'elasticsearch_filesystem_data_size_bytes',
    // Spark's PrometheusServlet on the master, read from a real master in test/spark and test/e2e.
    'metrics_master_aliveWorkers_Value{job="spark-master"}',
  ]) {
    assert.ok(rules.includes(metric), metric);
  }
});

/** One alert per failure of the data path, from the producer through Kafka and Logstash to Elasticsearch, and Spark. */
const DATA_PATH: Record<string, string> = {
  TargetDown: 'a scrape target is down',
  KafkaUnderReplicatedPartitions: 'Kafka under-replicated partitions',
  KafkaOfflinePartitions: 'Kafka offline partitions',
  LogstashConsumerLagGrowing: 'consumer lag of Logstash',
  ElasticsearchClusterRed: 'Elasticsearch cluster health',
  ElasticsearchClusterYellow: 'Elasticsearch cluster health',
  ElasticsearchDiskLowWatermark: 'Elasticsearch disk watermarks',
  ElasticsearchDiskHighWatermark: 'Elasticsearch disk watermarks',
  ProducerSendErrors: 'producer errors',
  SparkWorkersMissing: 'Spark workers alive',
};

test('the alerts cover the data path, in both environments', () => {
  for (const env of ENVS) {
    const rules = parse(generated(`config/${env}/alert-rules.yml`)) as { groups: { rules: { alert: string }[] }[] };
    assert.deepEqual(rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort(), Object.keys(DATA_PATH).sort(), env);
  }
});

test('every alert links its runbook, and docs/runbooks.md has a section for each', async () => {
  const doc = await readFile(join(import.meta.dirname, '..', '..', RUNBOOKS_DOC), 'utf8');
  const headings = new Set([...doc.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
  for (const env of ENVS) {
    const rules = parse(generated(`config/${env}/alert-rules.yml`)) as { groups: { rules: { alert: string; annotations: Record<string, string> }[] }[] };
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      assert.equal(rule.annotations.runbook_url, runbookUrl(rule.alert), `${env}: ${rule.alert}`);
      assert.ok(headings.has(rule.alert), `${RUNBOOKS_DOC} has no "## ${rule.alert}" section`);
    }
  }
});
