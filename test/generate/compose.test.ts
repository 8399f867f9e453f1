// The generated laptop stack: valid against the Compose specification, and wired the way the README says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { images } from '../../scripts/environments.ts';
import { COMPOSE_FILE, renderAll } from '../../scripts/generate/index.ts';
import { composeCheck } from '../../scripts/validate/checks/compose/index.ts';
import { generated, generatedTree } from './helpers.ts';

interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  name: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const compose = (): Compose => parse(generated(COMPOSE_FILE)) as Compose;

test("compose.yaml passes the project's compose check: the Compose specification schema (dclint's, with ajv) and its cross-checks", async (t) => {
  const root = await generatedTree(t);
  // jobs/Dockerfile is not generated (the jobs own it); the tree gets one so only generated files are under test.
  await mkdir(join(root, 'jobs'));
  await writeFile(join(root, 'jobs', 'Dockerfile'), 'FROM scratch\n');
  const absPath = join(root, COMPOSE_FILE);
  const result = await composeCheck.run({
    root,
    files: [{ path: COMPOSE_FILE, absPath, kind: 'yaml', text: readFileSync(absPath, 'utf8') }],
    options: { kubeVersion: '1.33', requireAll: false, cache: true },
  });
  assert.deepEqual(result.findings, []);
});

test('every component of the platform runs, with the exporters and the one-shot set-ups', () => {
  assert.deepEqual(Object.keys(compose().services).sort(), [
    'alertmanager',
    'app-service',
    'elasticsearch',
    'elasticsearch-exporter',
    'elasticsearch-setup',
    'grafana',
    'kafka',
    'kafka-exporter',
    'kafka-setup',
    'kibana',
    'logstash',
    'producer',
    'prometheus',
    'spark-master',
    'spark-worker',
    'zookeeper',
  ]);
});

test('every image comes from the versions pinned in scripts/environments.ts', () => {
  const pinned = new Set<string>(Object.values(images));
  for (const [name, s] of Object.entries(compose().services)) assert.ok(pinned.has(s.image), `${name}: ${s.image}`);
});

test('Kafka listens for containers on kafka:9092 and for the host on localhost:29092', () => {
  const kafka = compose().services.kafka;
  assert.equal(kafka?.environment?.KAFKA_ADVERTISED_LISTENERS, 'INTERNAL://kafka:9092,EXTERNAL://localhost:29092');
  assert.equal(kafka?.environment?.KAFKA_INTER_BROKER_LISTENER_NAME, 'INTERNAL');
  assert.deepEqual(kafka?.ports, ['127.0.0.1:29092:29092']);
});

test('Elasticsearch and Logstash run with laptop heaps', () => {
  const s = compose().services;
  assert.equal(s.elasticsearch?.environment?.ES_JAVA_OPTS, '-Xms512m -Xmx512m');
  assert.match(s.logstash?.environment?.LS_JAVA_OPTS ?? '', /^-Xms\d+m -Xmx\d+m$/);
});

test('every config is mounted read-only from a file or directory that generate writes under config/dev', () => {
  const generatedPaths = renderAll().map((f) => f.path);
  for (const [name, s] of Object.entries(compose().services)) {
    for (const v of s.volumes ?? []) {
      if (!v.startsWith('../')) continue;
      const [source, , mode] = v.split(':');
      assert.equal(mode, 'ro', `${name}: ${v}`);
      const repoPath = posix.normalize(posix.join('compose', source ?? ''));
      assert.ok(repoPath.startsWith('config/dev/'), `${name}: ${v}`);
      assert.ok(generatedPaths.some((p) => p === repoPath || p.startsWith(`${repoPath}/`)), `${name}: ${repoPath} is not generated`);
    }
  }
});

test('the jobs are built from jobs/Dockerfile with the repository as context', () => {
  const s = compose().services;
  for (const [name, command] of [['producer', 'producer'], ['app-service', 'metrics']] as const) {
    assert.deepEqual(s[name]?.build, { context: '..', dockerfile: 'jobs/Dockerfile' });
    assert.deepEqual(s[name]?.command, [command]);
  }
  assert.equal(s.producer?.environment?.KAFKA_BROKERS, 'kafka:9092');
  assert.equal(s.producer?.environment?.KAFKA_TOPIC, 'logs-topic');
});

test('depends_on names existing services, waiting for health or for one-shots to finish', () => {
  const s = compose().services;
  for (const [name, svc] of Object.entries(s)) {
    for (const [target, { condition }] of Object.entries(svc.depends_on ?? {})) {
      assert.ok(s[target], `${name} depends on unknown ${target}`);
      const expected = target.endsWith('-setup') ? 'service_completed_successfully' : 'service_healthy';
      assert.equal(condition, expected, `${name} -> ${target}`);
      if (expected === 'service_healthy') assert.ok(s[target]?.healthcheck, `${target} has no healthcheck`);
    }
  }
  assert.deepEqual(Object.keys(s.logstash?.depends_on ?? {}).sort(), ['elasticsearch-setup', 'kafka-setup']);
});

test('no two services publish the same host port', () => {
  const host = Object.values(compose().services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':').at(-2)));
  assert.equal(new Set(host).size, host.length);
});

test('stateful services keep their data in named volumes', () => {
  const c = compose();
  for (const [name, dir] of [
    ['elasticsearch', '/usr/share/elasticsearch/data'],
    ['kafka', '/var/lib/kafka/data'],
    ['prometheus', '/prometheus'],
    ['grafana', '/var/lib/grafana'],
  ] as const) {
    const mount = c.services[name]?.volumes?.find((v) => v.endsWith(`:${dir}`));
    assert.ok(mount, `${name} keeps ${dir}`);
    assert.ok(mount && mount.split(':')[0]! in c.volumes, `${name}: ${mount} is a named volume`);
  }
});

test('every published port is bound to 127.0.0.1, never to all interfaces', () => {
  for (const [name, svc] of Object.entries(compose().services)) {
    for (const p of svc.ports ?? []) assert.match(p, /^127\.0\.0\.1:\d+:\d+$/, `${name} publishes ${p} on every interface`);
  }
});

test("Grafana's admin password comes from compose/.env, with a message naming it when unset", () => {
  const grafana = compose().services.grafana;
  assert.equal(grafana?.environment?.GF_SECURITY_ADMIN_PASSWORD, '${GRAFANA_ADMIN_PASSWORD:?set it in compose/.env, see compose/README.md}');
});
