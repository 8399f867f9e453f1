// Least privilege and encryption in prod (issue 16, item 2, Kafka side): one SASL_SSL listener with
// SCRAM-SHA-512 for clients and brokers, ZooKeeper sessions authenticated, every client configured for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Container, EnvVar, SecretVolumeSource } from 'kubernetes-types/core/v1.js';
import { environments } from '../../scripts/environments.ts';
import { PRODUCTION_ENVS, find, forProduction, podSpec, repoRoot, type Obj } from './render.ts';

const containerOf = (o: Obj, name: string): Container => {
  const c = [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers].find((x) => x.name === name);
  assert.ok(c, `${o.metadata.name}/${name}`);
  return c;
};
const envOf = (c: Container, name: string): EnvVar | undefined => c.env?.find((e) => e.name === name);
/** The Kafka users the scram-users step creates; each client has one. */
const USERS = ['kafka-broker', 'logstash', 'producer', 'kafka-exporter', 'kafka-topics'];

test('the typed source authenticates Kafka in production-tier environments only', () => {
  for (const env of Object.values(environments)) assert.equal(env.kafka.saslScram, env.tier === 'production', env.name);
});

forProduction('the brokers listen only on SASL_SSL with SCRAM-SHA-512, between brokers too', async (objects, env) => {
  const kafka = containerOf(find(objects, 'StatefulSet', 'kafka'), 'kafka');
  assert.equal(envOf(kafka, 'KAFKA_LISTENERS')?.value, 'SASL_SSL://0.0.0.0:9092');
  assert.equal(envOf(kafka, 'KAFKA_INTER_BROKER_LISTENER_NAME')?.value, 'SASL_SSL');
  assert.equal(envOf(kafka, 'KAFKA_SASL_ENABLED_MECHANISMS')?.value, 'SCRAM-SHA-512');
  assert.equal(envOf(kafka, 'KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL')?.value, 'SCRAM-SHA-512');
  const script = (kafka.args ?? []).join('\n');
  assert.match(script, /KAFKA_ADVERTISED_LISTENERS="SASL_SSL:\/\//);
  assert.doesNotMatch(script + JSON.stringify(kafka.env), /PLAINTEXT/, 'no unauthenticated listener');
  assert.equal(envOf(kafka, 'KAFKA_ZOOKEEPER_SET_ACL')?.value, 'true');
});

forProduction('the SCRAM users exist in ZooKeeper before a broker starts', async (objects) => {
  const kafka = find(objects, 'StatefulSet', 'kafka');
  const step = containerOf(kafka, 'scram-users');
  const script = (step.args ?? []).join('\n');
  assert.match(script, new RegExp(`for user in ${USERS.join(' ')}; do`));
  assert.match(script, /--add-config "SCRAM-SHA-512=\[password=/);
});

forProduction('ZooKeeper requires every client session to authenticate', async (objects) => {
  const zk = containerOf(find(objects, 'StatefulSet', 'zookeeper'), 'zookeeper');
  const opts = envOf(zk, 'KAFKA_OPTS')?.value ?? '';
  assert.match(opts, /-Dzookeeper\.authProvider\.\w+=org\.apache\.zookeeper\.server\.auth\.SASLAuthenticationProvider/);
  assert.match(opts, /-Dzookeeper\.sessionRequireClientSASLAuth=true/);
  assert.match(opts, /-Dzookeeper\.admin\.serverPort=8080/, "the base's admin server (readiness probe) stays");
});

forProduction('the producer, the exporter and the topic Job log in with their own user and verify the brokers', async (objects) => {
  const producer = containerOf(find(objects, 'Deployment', 'producer'), 'producer');
  assert.equal(envOf(producer, 'KAFKA_SASL_MECHANISM')?.value, 'scram-sha-512');
  assert.equal(envOf(producer, 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef?.key, envOf(producer, 'KAFKA_SASL_USERNAME')?.value);
  assert.equal(envOf(producer, 'KAFKA_TLS_CA')?.value, '/etc/kafka-ca/ca.crt');
  const exporter = containerOf(find(objects, 'Deployment', 'kafka-exporter'), 'kafka-exporter');
  for (const flag of ['--sasl.enabled', '--sasl.mechanism=scram-sha512', '--sasl.username=kafka-exporter', '--tls.enabled', '--tls.ca-file=/etc/kafka-ca/ca.crt']) {
    assert.ok(exporter.args?.includes(flag), `kafka-exporter ${flag}`);
  }
  const topics = containerOf(find(objects, 'Job', 'kafka-topics'), 'kafka-topics');
  assert.equal(envOf(topics, 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef?.key, 'kafka-topics');
  for (const name of ['producer', 'kafka-exporter', 'kafka-topics', 'logstash']) {
    const w: Obj | undefined = objects.find((o) => o.metadata.name === name && ['Deployment', 'StatefulSet', 'Job'].includes(o.kind));
    assert.ok(w, name);
    const ca: SecretVolumeSource | undefined = podSpec(w).volumes?.find((v) => v.name === 'kafka-ca')?.secret;
    assert.deepEqual(ca?.items?.map((i) => i.key), ['ca.crt'], `${name} mounts the CA and never the keystore`);
  }
});

for (const env of PRODUCTION_ENVS) {
  test(`${env}: Logstash's kafka input uses SASL_SSL as logstash, the password from the environment`, () => {
    const input = /input\s*\{\s*kafka\s*\{([\s\S]*?)\n  \}/.exec(readFileSync(join(repoRoot, `config/${env}/logstash.conf`), 'utf8'))?.[1] ?? '';
    assert.match(input, /security_protocol => "SASL_SSL"/);
    assert.match(input, /sasl_mechanism => "SCRAM-SHA-512"/);
    assert.match(input, /username='logstash' password='\$\{KAFKA_PASSWORD\}'/);
    assert.match(input, /ssl_truststore_location => "\/etc\/kafka-ca\/ca\.crt"/);
  });
}
