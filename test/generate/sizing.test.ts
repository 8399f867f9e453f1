// What the environment Component says of sizes: each environment's numbers from scripts/environments.ts,
// guarded so a reordered base fails the render instead of resizing the wrong container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Container, EnvVar } from 'kubernetes-types/core/v1.js';
import { environments, envNames, local, workloads, type Environment, type KafkaCliSizes, type WorkloadSizes } from '../../scripts/environments.ts';
import { environmentProblems } from '../../scripts/generate/check-environments.ts';
import { renderEnvironmentComponent } from '../../scripts/generate/kustomization.ts';
import { HEAP_VARIABLES, KAFKA_CLI, heapOf, jvmWorkloads, kafkaCliOf, replicasOf } from '../../scripts/generate/sizing.ts';
import { find, overlay, podSpec, unhashed } from '../manifests/render.ts';

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

/** prod with one workload's size entry changed, checked as `npm run generate` checks it. */
function problemsWith<W extends keyof WorkloadSizes>(w: W, change: (size: WorkloadSizes[W]) => WorkloadSizes[W]): string[] {
  const prod = environments.prod;
  const changed: Environment = { ...prod, sizing: { ...prod.sizing, workloads: { ...prod.sizing.workloads, [w]: change(prod.sizing.workloads[w]) } } };
  return environmentProblems([changed], local);
}

for (const env of envNames) {
  test(`${env}: a JVM's heap variable is replaced only after testing that the container's first variable is the named one`, () => {
    const ops = opsFor(component(env), 'StatefulSet', 'kafka');
    const set = ops.findIndex((o) => o.path === '/spec/template/spec/containers/0/env/0/value');
    assert.ok(set > 0);
    assert.deepEqual(ops[set - 1], { op: 'test', path: '/spec/template/spec/containers/0/env/0/name', value: 'KAFKA_HEAP_OPTS' });
    assert.deepEqual(ops[set], { op: 'replace', path: '/spec/template/spec/containers/0/env/0/value', value: `-Xms${heapOf(environments[env], 'kafka')} -Xmx${heapOf(environments[env], 'kafka')}` });
  });
}

test('an Elasticsearch heap above half its memory limit is refused, naming the environment, the workload and the numbers', () => {
  assert.deepEqual(problemsWith('elasticsearch', (s) => ({ ...s, heap: '3g' })), [
    "environments.prod.sizing.workloads.elasticsearch.heap: 3g (3072Mi) does not fit the memory limit 4Gi (4096Mi): elasticsearch's heap may take " +
      "at most 50% of it (2048Mi), the rest is for Lucene's file-system cache and direct memory (Elastic: heap no more than 50% of the memory); " +
      'raise the limit or lower the heap',
  ]);
});

test("a raised memory limit is all a larger heap needs: the check reads the limit beside it", () => {
  assert.deepEqual(problemsWith('elasticsearch', (s) => ({ ...s, heap: '3g', resources: { ...s.resources, limits: { ...s.resources.limits, memory: '6Gi' } } })), []);
});

test("Kafka's heap may take three quarters of its memory limit, not more", () => {
  assert.deepEqual(problemsWith('kafka', (s) => ({ ...s, heap: '4608m' })), []);
  assert.match(problemsWith('kafka', (s) => ({ ...s, heap: '5g' })).join('\n'), /^environments\.prod\.sizing\.workloads\.kafka\.heap: 5g \(5120Mi\) does not fit the memory limit 6Gi \(6144Mi\): kafka's heap may take at most 75% of it \(4608Mi\)/);
});

test("the Spark worker's executors, their off-heap allowance and the daemon's heap must fit its memory limit together", () => {
  assert.deepEqual(problemsWith('spark-worker', (s) => ({ ...s, workerMemory: '5g' })), [
    "environments.prod.sizing.workloads.spark-worker: the daemon's heap 512m (512Mi), workerMemory 5g (5120Mi) and the executors' off-heap " +
      "allowance 512Mi (Spark's memoryOverhead: 10%, at least 384Mi) need 6144Mi, more than the memory limit 5Gi (5120Mi); raise the limit or lower workerMemory",
  ]);
});

test('a heap the JVM cannot read is refused before any arithmetic', () => {
  assert.deepEqual(problemsWith('logstash', (s) => ({ ...s, heap: '1.5g' })), [
    'environments.prod.sizing.workloads.logstash.heap: "1.5g" is not a JVM size such as 512m or 2g',
  ]);
});

for (const env of envNames) {
  test(`${env}: the rendered JVM containers run the heaps of the typed source, each variable once`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of jvmWorkloads) {
      const kind = workloads.find((x) => x.name === w)?.kind ?? 'a workload kind';
      const c: Container | undefined = podSpec(find(objects, kind, w)).containers.find((x) => x.name === w);
      const { variable, value } = HEAP_VARIABLES[w];
      const set: EnvVar[] = c?.env?.filter((e) => e.name === variable) ?? [];
      assert.deepEqual(set.map((e) => e.value), [value(heapOf(environments[env], w))], `${w}: ${variable}`);
    }
    const sparkConfig = objects.find((o) => o.kind === 'ConfigMap' && unhashed(o.metadata.name) === 'spark-config');
    assert.match(sparkConfig?.data?.['spark-env.sh'] ?? '', new RegExp(`^export SPARK_WORKER_MEMORY="${environments[env].sizing.workloads['spark-worker'].workerMemory}"$`, 'm'));
  });
}

for (const env of envNames) {
  test(`${env}: Logstash runs the typed source's pipeline workers, set once, by the environment Component`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const c: Container | undefined = podSpec(find(objects, 'StatefulSet', 'logstash')).containers.find((x) => x.name === 'logstash');
    const set: EnvVar[] = c?.env?.filter((e) => e.name === 'PIPELINE_WORKERS') ?? [];
    assert.deepEqual(set.map((e) => e.value), [String(environments[env].logstash.pipelineWorkers)]);
    const ops = opsFor(component(env), 'StatefulSet', 'logstash');
    const replace = ops.findIndex((o) => o.path === '/spec/template/spec/containers/0/env/1/value');
    assert.deepEqual(ops[replace - 1], { op: 'test', path: '/spec/template/spec/containers/0/env/1/name', value: 'PIPELINE_WORKERS' });
  });
}

/** prod with its one-shot Kafka CLI sizes changed, checked as `npm run generate` checks it. */
function problemsWithCli(change: (sizes: KafkaCliSizes) => KafkaCliSizes, kafka: Partial<Environment['kafka']> = {}): string[] {
  const prod = environments.prod;
  const changed: Environment = { ...prod, kafka: { ...prod.kafka, ...kafka }, sizing: { ...prod.sizing, kafkaCli: change(prod.sizing.kafkaCli) } };
  return environmentProblems([changed], local);
}

test("a Kafka CLI Job's heap above three quarters of its memory limit is refused, naming the environment, the Job and the numbers", () => {
  assert.deepEqual(problemsWithCli((s) => ({ ...s, 'kafka-topics': { ...s['kafka-topics'], heap: '320m' } })), [
    "environments.prod.sizing.kafkaCli.kafka-topics.heap: 320m (320Mi) does not fit the memory limit 384Mi (384Mi): kafka-topics's heap may take " +
      "at most 75% of it (288Mi), the rest is for the JVM's off-heap memory (metaspace, code cache, thread stacks, GC structures, direct buffers); " +
      'raise the limit or lower the heap',
  ]);
});

test('SCRAM without a size for the scram-users step, or a size for it without SCRAM, is refused', () => {
  assert.deepEqual(problemsWithCli(({ 'kafka-topics': topics }) => ({ 'kafka-topics': topics })), [
    "environments.prod.sizing.kafkaCli.scram-users: kafka.saslScram runs the brokers' scram-users init container; size it here",
  ]);
  assert.deepEqual(problemsWithCli((s) => s, { saslScram: false }), [
    'environments.prod.sizing.kafkaCli.scram-users: without kafka.saslScram there is no scram-users init container; remove it here',
  ]);
});

for (const env of envNames) {
  test(`${env}: the one-shot Kafka CLI containers run the heap and resources of the typed source`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const sizes = kafkaCliOf(environments[env]);
    assert.deepEqual(sizes.map(([c]) => c), environments[env].kafka.saslScram ? ['kafka-topics', 'scram-users'] : ['kafka-topics']);
    for (const [c, size] of sizes) {
      const { target, list } = KAFKA_CLI[c];
      const container: Container | undefined = (podSpec(find(objects, target.kind, target.name))[list] ?? []).find((x) => x.name === c);
      assert.deepEqual(container?.env?.filter((e) => e.name === 'KAFKA_HEAP_OPTS').map((e) => e.value), [`-Xms${size.heap} -Xmx${size.heap}`], c);
      assert.deepEqual(container?.resources, size.resources, c);
    }
  });
}
