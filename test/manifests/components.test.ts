// Both overlays deploy every component of PLATFORM.md section 1, under the contract's names and ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import { ENVS, find, overlay, podSpec, workloads } from './render.ts';

/** Workload kind and name of every component (CONTRACT.md). */
const WORKLOADS: [string, string][] = [
  ['StatefulSet', 'zookeeper'],
  ['StatefulSet', 'kafka'],
  ['Deployment', 'kafka-exporter'],
  ['Job', 'kafka-topics'],
  ['StatefulSet', 'elasticsearch'],
  ['Deployment', 'elasticsearch-exporter'],
  ['Job', 'elasticsearch-setup'],
  ['Deployment', 'logstash'],
  ['Deployment', 'kibana'],
  ['StatefulSet', 'prometheus'],
  ['StatefulSet', 'alertmanager'],
  ['Deployment', 'grafana'],
  ['Deployment', 'spark-master'],
  ['Deployment', 'spark-worker'],
  ['Deployment', 'producer'],
  ['Deployment', 'app-service'],
];

/** Service name → ports, exactly as the contract fixes them. */
const SERVICES: Record<string, number[]> = {
  zookeeper: [2181],
  'zookeeper-headless': [2181, 2888, 3888],
  kafka: [9092],
  'kafka-headless': [9092],
  'kafka-exporter': [9308],
  elasticsearch: [9200],
  'elasticsearch-headless': [9200, 9300],
  'elasticsearch-exporter': [9114],
  logstash: [5044, 9600],
  kibana: [5601],
  prometheus: [9090],
  'prometheus-headless': [9090],
  alertmanager: [9093],
  'alertmanager-headless': [9093, 9094, 9094],
  grafana: [3000],
  'spark-master': [8080, 7077],
  'spark-worker': [8081, 7078],
  'app-service': [8000],
  producer: [9464],
};

const IMAGES: Record<string, string> = {
  zookeeper: 'confluentinc/cp-zookeeper:7.7.1',
  kafka: 'confluentinc/cp-kafka:7.7.1',
  'kafka-topics': 'confluentinc/cp-kafka:7.7.1',
  'kafka-exporter': 'danielqsj/kafka-exporter:v1.8.0',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.3',
  'elasticsearch-exporter': 'quay.io/prometheuscommunity/elasticsearch-exporter:v1.8.0',
  'elasticsearch-setup': 'curlimages/curl:8.10.1',
  logstash: 'docker.elastic.co/logstash/logstash:8.15.3',
  kibana: 'docker.elastic.co/kibana/kibana:8.15.3',
  prometheus: 'prom/prometheus:v2.54.1',
  alertmanager: 'prom/alertmanager:v0.27.0',
  grafana: 'grafana/grafana:11.2.2',
  'spark-master': 'apache/spark:3.5.3',
  'spark-worker': 'apache/spark:3.5.3',
  producer: 'ghcr.io/platform-team/platform-jobs:0.1.0',
  'app-service': 'ghcr.io/platform-team/platform-jobs:0.1.0',
};

for (const env of ENVS) {
  test(`${env}: every component's workload is rendered`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const [kind, name] of WORKLOADS) assert.ok(find(objects, kind, name));
    assert.equal(workloads(objects).length, WORKLOADS.length, 'a workload no component owns');
  });

  test(`${env}: every Service has the contract's name and ports`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const services = objects.filter((o) => o.kind === 'Service') as unknown as (Service & { metadata: { name: string } })[];
    assert.deepEqual(services.map((s) => s.metadata.name).sort(), Object.keys(SERVICES).sort());
    for (const s of services) {
      const ports = (s.spec?.ports ?? []).map((p) => p.port);
      assert.deepEqual(ports, SERVICES[s.metadata.name], `Service ${s.metadata.name}`);
    }
  });

  test(`${env}: every container runs the contract's image at its exact tag`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      const main = podSpec(w).containers;
      for (const c of main) assert.equal(c.image, IMAGES[w.metadata.name], `${w.metadata.name}/${c.name}`);
      // Init containers reuse their pod's image: no extra image to pin or pull.
      for (const c of podSpec(w).initContainers ?? []) assert.equal(c.image, main[0]?.image, `${w.metadata.name}/${c.name}`);
    }
  });

  test(`${env}: every namespaced object lands in platform-${env}`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const clusterScoped = new Set(['StorageClass']);
    for (const o of objects) {
      if (clusterScoped.has(o.kind)) assert.equal(o.metadata.namespace, undefined);
      else assert.equal(o.metadata.namespace, `platform-${env}`, `${o.kind} ${o.metadata.name}`);
    }
  });

  test(`${env}: no Secret is rendered; Secrets are referenced by name only`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    assert.deepEqual(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name), []);
  });
}
