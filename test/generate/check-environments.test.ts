import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environments, envNames, local, type Environment } from '../../scripts/environments.ts';
import { environmentProblems } from '../../scripts/generate/check-environments.ts';

const prod = environments.prod;
const withProd = (change: (e: Environment) => Environment): string[] => environmentProblems([change(prod)], local);

test('the environments as committed have no problems', () => {
  assert.deepEqual(environmentProblems(envNames.map((n) => environments[n]), local), []);
});

test('min.insync.replicas above the replication factor is refused', () => {
  assert.deepEqual(withProd((e) => ({ ...e, kafka: { ...e.kafka, minInsyncReplicas: 4 } })), [
    'environments.prod.kafka.minInsyncReplicas: 4 exceeds the replication factor 3: every acks=all write would fail',
  ]);
});

test('more index replicas than other nodes is refused, since the cluster would stay yellow', () => {
  const problems = withProd((e) => ({ ...e, elasticsearch: { ...e.elasticsearch, replicas: 3 } }));
  assert.match(problems.join('\n'), /^environments\.prod\.elasticsearch\.replicas: 3 replicas cannot be placed on 3 node/);
});

test('an uppercase index name and a malformed heap are both reported', () => {
  const problems = withProd((e) => ({
    ...e,
    elasticsearch: { ...e.elasticsearch, index: 'Prod-Logs' },
    sizing: { ...e.sizing, workloads: { ...e.sizing.workloads, elasticsearch: { ...e.sizing.workloads.elasticsearch, heap: '2.5g' } } },
  }));
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? '', /elasticsearch\.index: "Prod-Logs" is not a legal Elasticsearch index name/);
  assert.match(problems[1] ?? '', /sizing\.workloads\.elasticsearch\.heap: "2\.5g" is not a JVM size/);
});

test('two different Alertmanager receivers under one name are refused', () => {
  const problems = withProd((e) => ({
    ...e,
    alertmanager: { ...e.alertmanager, receivers: { ...e.alertmanager.receivers, warning: { ...e.alertmanager.receivers.warning, name: 'prod-pagerduty' } } },
  }));
  assert.deepEqual(problems, [
    'environments.prod.alertmanager.receivers: critical and warning share the name "prod-pagerduty" but differ: give them different names or make them one receiver',
  ]);
});

test('a receiver secret key that cannot be a Secret key is refused', () => {
  const problems = withProd((e) => ({
    ...e,
    alertmanager: { ...e.alertmanager, receivers: { ...e.alertmanager.receivers, critical: { ...e.alertmanager.receivers.critical, secretKey: 'pager/key' } } },
  }));
  assert.deepEqual(problems, ['environments.prod.alertmanager.receivers.critical.secretKey: "pager/key" is not a Secret key (letters, digits, - . _)']);
});

test('an environment copied from another without its own namespace, topic or index is refused', () => {
  const copy: Environment = { ...prod, name: 'staging' };
  assert.deepEqual(environmentProblems([prod, copy], local), [
    'environments.staging.namespace: "platform-prod" is already prod\'s; give each environment its own',
    'environments.staging.kafka.topic: "prod-logs-topic" is already prod\'s; give each environment its own',
    'environments.staging.elasticsearch.index: "prod-logs-index" is already prod\'s; give each environment its own',
  ]);
});

test("a replica count in sizing for a workload whose count another fact fixes is refused: one place per number", () => {
  const problems = withProd((e) => ({
    ...e,
    sizing: { ...e.sizing, workloads: { ...e.sizing.workloads, kafka: { ...e.sizing.workloads.kafka, replicas: 5 } } },
  }));
  assert.deepEqual(problems, [
    "environments.prod.sizing.workloads.kafka.replicas: kafka's count is fixed by another fact of the environment (3); remove it here",
  ]);
});
