// Without scripts/environments.ts the configs are judged against each other: the producer against
// Logstash's input, Logstash's index against the index template.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureContext, runRules } from './context.ts';

const findings = async (rule: string) => (await runRules(fixtureContext('layers-without-environments'))).filter((f) => f.rule === rule);

test("topic-mismatch: a producer topic Logstash's kafka input does not read", async () => {
  const [f, ...rest] = await findings('topic-mismatch');
  assert.deepEqual(rest, []);
  assert.equal(`${f?.file}:${f?.line}`, 'overlays/dev/objects.yaml:20');
  assert.match(f!.message, /"other-topic".*reads logs-topic/);
});

test('broker-mismatch: StatefulSet pod names resolve up to the replica count', async () => {
  const [f, ...rest] = await findings('broker-mismatch');
  assert.deepEqual(rest, [], 'kafka-0 (fully qualified, and in logstash.conf) resolves');
  assert.equal(`${f?.file}:${f?.line}`, 'overlays/dev/objects.yaml:22');
  assert.match(f!.message, /kafka-1\.kafka-headless:9092.*1 replicas/);
});

test("index-mismatch: a dated index the index template's patterns do not cover", async () => {
  const [f, ...rest] = await findings('index-mismatch');
  assert.deepEqual(rest, []);
  assert.equal(`${f?.file}:${f?.line}`, 'config/dev/logstash.conf:10');
  assert.match(f!.message, /logs-\*/);
});

test('elasticsearch-url-unresolved: a fully qualified name of a headless Service resolves to its pods', async () => {
  assert.deepEqual(await findings('elasticsearch-url-unresolved'), []);
});

test('topic-mismatch: a topic read from a generated ConfigMap is reported at its literal in the kustomization', async () => {
  const ctx = fixtureContext('layers-without-environments');
  const render = ctx.renders[0]!;
  render.objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'platform-environment-5f8k2',
    namespace: 'platform-dev',
    body: { kind: 'ConfigMap', metadata: { name: 'platform-environment-5f8k2', namespace: 'platform-dev' }, data: { PLATFORM_ENV: 'dev', KAFKA_TOPIC: 'other-topic' } },
    source: { file: 'overlays/dev/kustomization.yaml', line: 4, column: 5 },
  });
  const producer = render.objects.find((o) => o.name === 'producer')!;
  const container = (producer.body.spec as { template: { spec: { containers: { env: unknown[] }[] } } }).template.spec.containers[0]!;
  container.env[0] = { name: 'KAFKA_TOPIC', valueFrom: { configMapKeyRef: { name: 'platform-environment-5f8k2', key: 'KAFKA_TOPIC' } } };
  const [f, ...rest] = (await runRules(ctx)).filter((x) => x.rule === 'topic-mismatch');
  assert.deepEqual(rest, []);
  assert.equal(`${f?.file}:${f?.line}`, 'overlays/dev/kustomization.yaml:7');
});
