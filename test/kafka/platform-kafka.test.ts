// The platform's own Kafka pieces on real Apache Kafka: the brokers run with the configuration
// the prod render gives them (KAFKA_* variables turned into server.properties as the Confluent
// image does), every setting is one Kafka knows, and the kafka-topics Job's script creates the
// environment's topic with the Kafka CLI.
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { parseAllDocuments } from 'yaml';
import { environments } from '../../scripts/environments.ts';
import { findTool, runTool } from '../../scripts/lib/tools.ts';
import { brokerSettingNames, confluentBrokerSettings, describeUnknown, TRANSPORT_SETTING, unknownBrokerSettings, type BrokerSetting } from '../../scripts/kafka/broker-config.ts';
import { runCreateTopicsScript } from '../../scripts/kafka/topics.ts';
import { realKafka, realKafkaSkip } from '../helpers/kafka-cluster.ts';
import { inCI } from '../helpers/tools.ts';
import { repoRoot } from '../manifests/render.ts';

interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: { name: string; env?: { name: string; value?: string }[]; envFrom?: { configMapRef?: { name: string } }[] }[] } } };
}

/** Set by the harness for loopback; the manifests' values name pods and volumes. */
const POD_SPECIFIC = new Set(['listeners', 'advertised.listeners', 'zookeeper.connect', 'log.dirs', 'broker.id']);
/**
 * Transport security (SASL_SSL listeners, keystores, ZooKeeper ACLs) needs the pod's certificates, JAAS
 * file and credentials: here these settings are checked as names Kafka knows and the brokers start
 * without them; test/kafka/prod-security.test.ts runs them (scripts/kafka/prod-security.ts).
 */
const TRANSPORT = TRANSPORT_SETTING;

/** A container's environment as the pod gets it: envFrom ConfigMaps, then env values over them. */
function containerEnv(objects: K8sObject[], workload: string): Record<string, string> {
  const object = objects.find((o) => o.metadata.name === workload && (o.kind === 'StatefulSet' || o.kind === 'Job'));
  assert.ok(object, `no ${workload} in the prod render`);
  const container = object.spec?.template?.spec?.containers?.[0];
  assert.ok(container, `${workload} has no container`);
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    assert.ok(map, `ConfigMap ${from.configMapRef?.name} of ${workload} is not in the render`);
    Object.assign(env, map.data);
  }
  for (const { name, value } of container.env ?? []) if (value !== undefined) env[name] = value;
  return env;
}

const kubectlMissing = async (): Promise<string | false> => {
  if (await findTool('kubectl')) return false;
  if (inCI()) return false; // fails in before() with the reason
  console.log('# skipped: kubectl not on the PATH (it renders the overlays)');
  return 'kubectl not on the PATH (it renders the overlays)';
};

const skip = realKafkaSkip() || (await kubectlMissing());

describe('the platform\'s Kafka pieces on real Kafka (prod render)', { skip }, () => {
  let objects: K8sObject[] = [];
  let brokerSettings: BrokerSetting[] = [];
  let transportSettings: BrokerSetting[] = [];
  before(async () => {
    const render = await runTool('kubectl', ['kustomize', 'overlays/prod'], { cwd: repoRoot });
    assert.equal(render.exitCode, 0, `kubectl kustomize overlays/prod failed:\n${render.stderr}`);
    objects = parseAllDocuments(render.stdout).map((d) => d.toJS() as K8sObject).filter((o) => o !== null);
    const all = confluentBrokerSettings(containerEnv(objects, 'kafka')).filter((s) => !POD_SPECIFIC.has(s.property));
    transportSettings = all.filter((s) => TRANSPORT.test(s.property));
    brokerSettings = all.filter((s) => !TRANSPORT.test(s.property));
  });
  const kafka = realKafka({
    environment: environments.prod,
    brokerProperties: () => Object.fromEntries(brokerSettings.map((s) => [s.property, s.value])),
  });

  kafka.test('the brokers run with every broker setting of the render, and each is one Kafka knows', async () => {
    assert.ok(brokerSettings.length >= 10, `only ${brokerSettings.length} KAFKA_ settings found in the render`);
    const known = await brokerSettingNames(kafka.cluster().bootstrap, 1);
    assert.deepEqual(unknownBrokerSettings([...brokerSettings, ...transportSettings], known).map(describeUnknown), []);
    for (const { variable, property, value } of brokerSettings) {
      assert.equal(known.get(property), value, `${variable}: the broker runs with ${property}=${known.get(property)}, the manifests say ${value}`);
    }
    assert.equal(known.get('min.insync.replicas'), String(environments.prod.kafka.minInsyncReplicas));
    assert.equal(known.get('auto.create.topics.enable'), 'false');
    assert.equal(known.get('unclean.leader.election.enable'), 'false');
  });

  kafka.test('a misspelt KAFKA_ variable is reported with the setting it was meant to be', async () => {
    const known = await brokerSettingNames(kafka.cluster().bootstrap, 1);
    const misspelt = confluentBrokerSettings({ KAFKA_LOG_RETENTION_HOURZ: '3', KAFKA_NUM_PARTITIONS: '6', KAFKA_HEAP_OPTS: '-Xmx1g' });
    assert.deepEqual(unknownBrokerSettings(misspelt, known).map(describeUnknown), [
      "KAFKA_LOG_RETENTION_HOURZ becomes 'log.retention.hourz', which is not a Kafka broker setting; did you mean log.retention.hours (KAFKA_LOG_RETENTION_HOURS)?",
    ]);
  });

  kafka.test('the kafka-topics Job\'s script creates the topic with the render\'s partitions, replication and min.insync.replicas; a second run changes nothing', async () => {
    const cluster = kafka.cluster();
    const script = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('kafka-topics-script'))?.data?.['create-topics.sh'];
    assert.ok(script, 'the render has no kafka-topics-script ConfigMap');
    const env = containerEnv(objects, 'kafka-topics');
    const vars = { KAFKA_TOPIC: env.KAFKA_TOPIC!, KAFKA_TOPIC_PARTITIONS: env.KAFKA_TOPIC_PARTITIONS!, KAFKA_TOPIC_REPLICATION_FACTOR: env.KAFKA_TOPIC_REPLICATION_FACTOR!, KAFKA_TOPIC_MIN_INSYNC_REPLICAS: env.KAFKA_TOPIC_MIN_INSYNC_REPLICAS! };
    assert.deepEqual(vars, { KAFKA_TOPIC: 'prod-logs-topic', KAFKA_TOPIC_PARTITIONS: '6', KAFKA_TOPIC_REPLICATION_FACTOR: '3', KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2' });
    const dir = await mkdtemp(join(tmpdir(), 'kafka-topics-job-'));
    try {
      await writeFile(join(dir, 'create-topics.sh'), script);
      for (const attempt of ['first', 'second']) {
        const run = await runCreateTopicsScript(cluster, vars, join(dir, 'create-topics.sh'));
        assert.equal(run.exitCode, 0, `${attempt} run:\n${run.output}`);
        assert.match(run.output, /Topic: prod-logs-topic\s+TopicId: \S+\s+PartitionCount: 6\s+ReplicationFactor: 3\s+Configs: .*min\.insync\.replicas=2/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const admin = new kafkajs.Kafka({ brokers: cluster.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['prod-logs-topic'] });
      assert.equal(topics[0]!.partitions.length, 6);
      for (const p of topics[0]!.partitions) assert.equal(p.replicas.length, 3, `partition ${p.partitionId} replicas ${p.replicas}`);
    } finally {
      await admin.disconnect();
    }
  });
});
