// Both overlays deploy every component of PLATFORM.md section 1, under the contract's names and ports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Service } from 'kubernetes-types/core/v1.js';
import { images, workloads as workloadImages } from '../../scripts/environments.ts';
import { REPO } from '../helpers/repo-copy.ts';
import { ENVS, find, overlay, podSpec, workloads } from './render.ts';

/** Workload kind and name of every component: the typed source's table (scripts/environments.ts). */
const WORKLOADS: [string, string][] = workloadImages.map((w) => [w.kind, w.name]);

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
  'logstash-headless': [9600],
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

/** The image each workload runs, pinned in one place only: the typed source. */
const IMAGES: Record<string, string> = Object.fromEntries(workloadImages.map((w) => [w.name, images[w.image]]));

test('no base manifest pins an image tag or a version label: the typed source is the one place', () => {
  const pinned: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(e.name)) {
        readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
          // A tag or digest after the last path segment, or a hand-written version label.
          if (/^\s*(-\s+)?image:\s*\S*[:@][^/\s]+\s*$/.test(line) || /app\.kubernetes\.io\/version:/.test(line)) pinned.push(`${relative(REPO, path)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  };
  walk(join(REPO, 'base'));
  assert.deepEqual(pinned, [], 'pin images in scripts/environments.ts (images, workloads) and run npm run generate');
});

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
    const clusterScoped = new Set(['StorageClass', 'ClusterRole', 'ClusterRoleBinding']);
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
