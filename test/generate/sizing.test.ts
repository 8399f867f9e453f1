// What the environment Component says of sizes: each environment's numbers from scripts/environments.ts,
// guarded so a reordered base fails the render instead of resizing the wrong container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { environments, envNames } from '../../scripts/environments.ts';
import { renderEnvironmentComponent } from '../../scripts/generate/kustomization.ts';
import { replicasOf } from '../../scripts/generate/sizing.ts';

interface Component {
  configMapGenerator: { name: string; behavior: string; literals: string[] }[];
  patches: { target: { kind: string; name: string }; patch: string }[];
}

const component = (env: (typeof envNames)[number]): Component => parse(renderEnvironmentComponent(environments[env])) as Component;
const opsFor = (c: Component, kind: string, name: string): { op: string; path: string; value: unknown }[] =>
  c.patches.filter((p) => p.target.kind === kind && p.target.name === name).flatMap((p) => parse(p.patch) as { op: string; path: string; value: unknown }[]);

for (const env of envNames) {
  test(`${env}: replicas come from the environment's own facts (brokers, nodes, workers) and its sizing`, () => {
    const ops = opsFor(component(env), 'StatefulSet', 'kafka');
    assert.deepEqual(ops.find((o) => o.path === '/spec/replicas')?.value, environments[env].kafka.brokers);
    assert.equal(replicasOf(environments[env], 'logstash'), environments[env].sizing.workloads.logstash.replicas ?? 1);
  });

  test(`${env}: a container's resources are set only after testing that the indexed container is the named one`, () => {
    const ops = opsFor(component(env), 'StatefulSet', 'elasticsearch');
    const set = ops.findIndex((o) => o.path.endsWith('/containers/0/resources'));
    assert.ok(set > 0);
    assert.deepEqual(ops[set - 1], { op: 'test', path: '/spec/template/spec/containers/0/name', value: 'elasticsearch' });
    assert.deepEqual(ops[set]?.value, environments[env].sizing.workloads.elasticsearch.resources);
  });

  test(`${env}: the brokers' replication settings are merged from the environment's kafka facts`, () => {
    const gen = component(env).configMapGenerator.find((g) => g.name === 'kafka-broker-config');
    assert.equal(gen?.behavior, 'merge');
    assert.ok(gen?.literals.includes(`KAFKA_MIN_INSYNC_REPLICAS=${environments[env].kafka.minInsyncReplicas}`));
  });
}
