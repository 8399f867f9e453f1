// What differs between dev and prod is exactly what PLATFORM.md section 1 and scripts/environments.ts say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, EnvVar, PersistentVolumeClaim, Service } from 'kubernetes-types/core/v1.js';
import { environments } from '../../scripts/environments.ts';
import { HEAP_VARIABLES, jvmMiB, jvmWorkloads, memoryMiB, sparkExecutorOverheadMiB } from '../../scripts/generate/sizing.ts';
import { DEVELOPMENT_ENVS, ENVS, PRODUCTION_ENVS, find, forProduction, overlay, podSpec, replicas, unhashed, workloads, type Obj } from './render.ts';

const container = (o: Obj, name = o.metadata.name): Container => {
  const c = podSpec(o).containers.find((x) => x.name === name);
  if (!c) throw new Error(`${o.metadata.name} has no container ${name}`);
  return c;
};
const envValue = (c: Container, name: string): EnvVar | undefined => c.env?.find((e) => e.name === name);
const claims = (o: Obj): PersistentVolumeClaim[] =>
  ((o.spec as { volumeClaimTemplates?: PersistentVolumeClaim[] }).volumeClaimTemplates ?? []);

/** The literal values of ConfigMap platform-environment in a render. */
const platformEnvironment = (objects: Obj[]): Record<string, string> => {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && unhashed(o.metadata.name) === 'platform-environment');
  assert.ok(cm, 'ConfigMap platform-environment');
  return cm.data ?? {};
};

for (const env of ENVS) {
  const spec = environments[env];

  test(`${env}: ZooKeeper, Kafka and Elasticsearch run the environment's node counts`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    assert.equal(replicas(find(objects, 'StatefulSet', 'zookeeper')), spec.kafka.zookeeperNodes);
    assert.equal(replicas(find(objects, 'StatefulSet', 'kafka')), spec.kafka.brokers);
    assert.equal(replicas(find(objects, 'StatefulSet', 'elasticsearch')), spec.elasticsearch.nodes);
    assert.equal(replicas(find(objects, 'Deployment', 'spark-worker')), spec.spark.workers);
  });

  test(`${env}: the ZooKeeper server list names every server by its stable headless name`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const zk = find(objects, 'StatefulSet', 'zookeeper');
    const servers = envValue(container(zk), 'ZOOKEEPER_SERVERS')?.value?.split(';');
    const expected = Array.from({ length: replicas(zk) }, (_v, i) => `zookeeper-${i}.zookeeper-headless:2888:3888`);
    assert.deepEqual(servers, expected);
  });

  test(`${env}: the topic, its replication, Logstash's consumer group and the index come from the environment's description`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const values = platformEnvironment(objects);
    assert.equal(values.PLATFORM_ENV, env);
    assert.equal(values.KAFKA_TOPIC, spec.kafka.topic);
    assert.equal(values.KAFKA_TOPIC_PARTITIONS, String(spec.kafka.partitions));
    assert.equal(values.KAFKA_TOPIC_REPLICATION_FACTOR, String(spec.kafka.replicationFactor));
    assert.equal(values.KAFKA_TOPIC_MIN_INSYNC_REPLICAS, String(spec.kafka.minInsyncReplicas));
    assert.equal(values.LOGSTASH_CONSUMER_GROUP, spec.logstash.consumerGroup);
    assert.equal(values.ES_INDEX, spec.elasticsearch.index);
  });

  test(`${env}: the brokers' replication defaults match the environment`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && unhashed(o.metadata.name) === 'kafka-broker-config');
    assert.ok(cm);
    assert.equal(cm.data?.KAFKA_DEFAULT_REPLICATION_FACTOR, String(spec.kafka.replicationFactor));
    assert.equal(cm.data?.KAFKA_MIN_INSYNC_REPLICAS, String(spec.kafka.minInsyncReplicas));
    assert.equal(cm.data?.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, String(spec.kafka.replicationFactor));
    assert.equal(cm.data?.KAFKA_AUTO_CREATE_TOPICS_ENABLE, 'false');
  });

  test(`${env}: every container that sets a JVM heap keeps it within its share of the memory limit, Jobs and init containers too`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    // The share generate allows each heap variable (sizing.ts): half for Elasticsearch, three quarters for the others.
    const share = new Map(jvmWorkloads.map((w) => [HEAP_VARIABLES[w].variable, HEAP_VARIABLES[w].maxShare]));
    let seen = 0;
    for (const o of workloads(objects)) {
      const spec = podSpec(o);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const e of c.env ?? []) {
          const most = share.get(e.name);
          const xmx = /-Xmx(\d+[mg])\b/.exec(e.value ?? '')?.[1];
          if (most === undefined || xmx === undefined) continue;
          const heap = jvmMiB(xmx);
          const limit = memoryMiB(String(c.resources?.limits?.memory));
          assert.ok(heap !== undefined && limit !== undefined, `${o.metadata.name}/${c.name}: ${e.name} and a memory limit`);
          assert.ok(heap <= most * limit, `${o.metadata.name}/${c.name}: ${e.name} heap ${heap}Mi above ${most * 100}% of ${limit}Mi`);
          seen++;
        }
      }
    }
    assert.ok(seen >= 4, `${seen} heaps found`);
  });

  test(`${env}: the Spark workers' memory limit holds SPARK_WORKER_MEMORY, its off-heap allowance and the daemon`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const worker = container(find(objects, 'Deployment', 'spark-worker'));
    const limit = memoryMiB(String(worker.resources?.limits?.memory)) ?? 0;
    const daemon = jvmMiB(envValue(worker, 'SPARK_DAEMON_MEMORY')?.value ?? '') ?? Infinity;
    const executors = jvmMiB(spec.sizing.workloads['spark-worker'].workerMemory) ?? Infinity;
    assert.ok(limit >= daemon + executors + sparkExecutorOverheadMiB(executors), `limit ${limit}Mi for daemon ${daemon}Mi and executors ${executors}Mi`);
  });
}

test('production environments: every volume claim asks for gp3; the others leave the class to the cluster default', async (t) => {
  for (const env of ENVS) {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
      for (const claim of claims(sts)) {
        assert.equal(claim.spec?.storageClassName, environments[env].tier === 'production' ? 'gp3' : undefined, `${env} ${sts.metadata.name}`);
        assert.equal(claim.spec?.storageClassName, environments[env].sizing.storageClass, `${env} ${sts.metadata.name}: the typed source's class`);
      }
    }
  }
});

test('production environments: every StatefulSet has a larger volume than in any development environment', async (t) => {
  const gi = (q: unknown): number => Number(/^(\d+)Gi$/.exec(String(q))?.[1]);
  for (const prodEnv of PRODUCTION_ENVS) {
    for (const devEnv of DEVELOPMENT_ENVS) {
      const dev = await overlay(t, devEnv);
      const prod = await overlay(t, prodEnv);
      if (!dev || !prod) return;
      for (const sts of prod.filter((o) => o.kind === 'StatefulSet')) {
        const prodSize = gi(claims(sts)[0]?.spec?.resources?.requests?.storage);
        const devSize = gi(claims(find(dev, 'StatefulSet', sts.metadata.name))[0]?.spec?.resources?.requests?.storage);
        assert.ok(prodSize > devSize, `${sts.metadata.name}: ${prodEnv} ${prodSize}Gi, ${devEnv} ${devSize}Gi`);
      }
    }
  }
});

forProduction('Prometheus keeps less than its volume (retention.size below the claim)', async (objects) => {
  const prometheus = find(objects, 'StatefulSet', 'prometheus');
  const args = container(prometheus).args ?? [];
  const size = Number(/^--storage\.tsdb\.retention\.size=(\d+)GB$/.exec(args.find((a) => a.includes('retention.size')) ?? '')?.[1]);
  const claim = Number(/^(\d+)Gi$/.exec(String(claims(prometheus)[0]?.spec?.resources?.requests?.storage))?.[1]);
  assert.ok(size > 0 && size < claim, `retention ${size}GB, volume ${claim}Gi`);
});

forProduction('Elasticsearch has security credentials and its TLS certificates mounted; Logstash writes as logstash_writer', async (objects) => {
  const es = find(objects, 'StatefulSet', 'elasticsearch');
  const pod = podSpec(es);
  const certs = pod.volumes?.find((v) => v.secret?.secretName === 'elasticsearch-certs');
  assert.deepEqual(certs?.secret?.items?.map((i) => i.key), ['ca.crt', 'tls.crt', 'tls.key']);
  const mount = container(es).volumeMounts?.find((m) => m.name === certs?.name);
  assert.equal(mount?.mountPath, '/usr/share/elasticsearch/config/certs');
  assert.equal(envValue(container(es), 'ELASTIC_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'elasticsearch-credentials');
  // Clients log in as least-privileged users; only the set-up Job and Elasticsearch itself know elastic's password.
  const logstash = container(find(objects, 'StatefulSet', 'logstash'));
  assert.equal(envValue(logstash, 'ES_USER')?.valueFrom?.secretKeyRef?.name, 'logstash-elasticsearch-credentials');
  assert.equal(envValue(logstash, 'ES_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'logstash-elasticsearch-credentials');
  const kibana = container(find(objects, 'Deployment', 'kibana'));
  assert.equal(envValue(kibana, 'ELASTICSEARCH_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'kibana-elasticsearch-credentials');
});

for (const env of DEVELOPMENT_ENVS) test(`${env}: no workload needs a Secret (Alertmanager's receivers Secret is optional there)`, async (t) => {
  const objects = await overlay(t, env);
  if (!objects) return;
  const others = objects.filter((o) => !(o.kind === 'StatefulSet' && o.metadata.name === 'alertmanager'));
  assert.doesNotMatch(JSON.stringify(others), /secretKeyRef|secretName/);
  const volumes = podSpec(find(objects, 'StatefulSet', 'alertmanager')).volumes ?? [];
  const secrets = volumes.filter((v) => v.secret).map((v) => v.secret);
  assert.deepEqual(secrets.map((s) => [s?.secretName, s?.optional]), [['alertmanager-receivers', true]]);
});

test('Grafana is exposed on a fixed NodePort in production environments; the others keep it inside the cluster', async (t) => {
  for (const env of ENVS) {
    const objects = await overlay(t, env);
    if (!objects) return;
    const svc = find(objects, 'Service', 'grafana') as unknown as Service;
    if (environments[env].tier === 'production') {
      assert.equal(svc.spec?.type, 'NodePort', env);
      assert.equal(svc.spec?.ports?.[0]?.nodePort, 30300, env);
    } else {
      assert.equal(svc.spec?.type, undefined, env);
    }
  }
});
