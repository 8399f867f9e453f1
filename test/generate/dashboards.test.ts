// The Grafana dashboards built with the Foundation SDK: well-formed models on the provisioned data source.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { generated } from './helpers.ts';
import { envNames } from '../../scripts/environments.ts';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: { expr: string; refId: string }[];
  gridPos: { x: number; y: number; w: number; h: number };
}
interface Dashboard {
  __generated: string;
  uid: string;
  title: string;
  panels: Panel[];
}

const NAMES = ['kafka', 'elasticsearch', 'spark', 'app-service'];

for (const env of envNames) {
  const uid = (parse(generated(`config/${env}/grafana/provisioning/datasources/prometheus.yaml`)) as { datasources: { uid: string }[] })
    .datasources[0]?.uid;

  test(`${env} dashboards query the provisioned Prometheus data source on every panel`, () => {
    for (const name of NAMES) {
      const d = JSON.parse(generated(`config/${env}/grafana/dashboards/${name}.json`)) as Dashboard;
      assert.ok(d.panels.length >= 4, `${name} has panels`);
      for (const p of d.panels) {
        assert.deepEqual(p.datasource, { type: 'prometheus', uid }, `${name}: ${p.title}`);
        assert.ok(p.targets.length > 0 && p.targets.every((q) => q.expr && q.refId), `${name}: ${p.title}`);
      }
    }
  });

  test(`${env} dashboards have unique uids, unique panel ids and panels that do not overlap`, () => {
    const uids = new Set<string>();
    for (const name of NAMES) {
      const d = JSON.parse(generated(`config/${env}/grafana/dashboards/${name}.json`)) as Dashboard;
      assert.ok(!uids.has(d.uid));
      uids.add(d.uid);
      assert.equal(new Set(d.panels.map((p) => p.id)).size, d.panels.length);
      const cells = new Set<string>();
      for (const p of d.panels) {
        assert.ok(p.gridPos.x + p.gridPos.w <= 24, `${name}: ${p.title} fits the 24-column grid`);
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            assert.ok(!cells.has(`${x},${y}`), `${name}: ${p.title} overlaps another panel`);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
}

test('each dashboard queries its own exporter metrics', () => {
  const prefixes: Record<string, RegExp> = {
    kafka: /\bkafka_(brokers|topic_|consumergroup_)/,
    elasticsearch: /\belasticsearch_(cluster_health|indices|jvm)/,
    spark: /\bmetrics_(master|worker)_\w+_Value\b/,
    'app-service': /\bhttp_requests_total\b/,
  };
  for (const [name, re] of Object.entries(prefixes)) {
    const d = JSON.parse(generated(`config/prod/grafana/dashboards/${name}.json`)) as Dashboard;
    assert.ok(d.panels.some((p) => p.targets.some((q) => re.test(q.expr))), name);
  }
});
