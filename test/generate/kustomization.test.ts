// config/<env>/kustomization.yaml renders, with kubectl's kustomize, exactly the ConfigMaps of the contract.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { generatedTree } from './helpers.ts';
import { envNames } from '../../scripts/environments.ts';

/** CONTRACT.md: ConfigMap names and their keys. */
const CONTRACT: Record<string, string[]> = {
  'logstash-pipeline': ['logstash.conf'],
  'prometheus-config': ['alert-rules.yml', 'prometheus.yml'],
  'alertmanager-config': ['alertmanager.yml'],
  'elasticsearch-config': ['elasticsearch.yml'],
  'spark-config': ['spark-defaults.conf', 'spark-env.sh'],
  'grafana-datasources': ['prometheus.yaml'],
  'grafana-dashboard-providers': ['dashboards.yaml'],
  'grafana-dashboards': ['app-service.json', 'elasticsearch.json', 'kafka.json', 'spark.json'],
  'elasticsearch-index-setup': ['ilm-policy.json', 'index-template.json'],
  // The environment's facts the workloads read as variables.
  'platform-environment': [
    'ES_INDEX',
    'KAFKA_TOPIC',
    'KAFKA_TOPIC_MIN_INSYNC_REPLICAS',
    'KAFKA_TOPIC_PARTITIONS',
    'KAFKA_TOPIC_REPLICATION_FACTOR',
    'LOGSTASH_CONSUMER_GROUP',
    'PLATFORM_ENV',
    'PRODUCER_RATE',
  ],
};

interface ConfigMap {
  kind: string;
  metadata: { name: string };
  data: Record<string, string>;
}

for (const env of envNames) {
  test(`kubectl kustomize config/${env} gives exactly the contract's ConfigMaps, hash-suffixed, with its keys`, async (t) => {
    const kubectl = await requireTool(t, 'kubectl');
    if (!kubectl) return;
    const root = await generatedTree(t);
    const run = await runTool(kubectl, ['kustomize', join(root, 'config', env)]);
    assert.equal(run.exitCode, 0, run.stderr);
    const maps = parseAllDocuments(run.stdout).map((d) => d.toJS() as ConfigMap);
    assert.ok(maps.every((m) => m.kind === 'ConfigMap'));
    const byName = Object.fromEntries(
      maps.map((m) => {
        const match = /^(.*)-[a-z0-9]{10}$/.exec(m.metadata.name);
        assert.ok(match, `${m.metadata.name} has a hash suffix`);
        return [match[1], Object.keys(m.data).sort()];
      }),
    );
    assert.deepEqual(byName, CONTRACT);
  });
}
