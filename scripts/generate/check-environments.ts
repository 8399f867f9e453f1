// Facts in scripts/environments.ts that TypeScript's types cannot rule out but the platform cannot run with.
// generate refuses to render them, naming the environment, the field and what to change.
import type { Environment, LocalStack } from '../environments.ts';
import { sizingProblems } from './sizing.ts';

const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
// Elasticsearch index names: lowercase, no wildcard or separator characters, not starting with - _ +.
const ES_INDEX = /^[a-z0-9][a-z0-9.-]*$/;
const JVM_SIZE = /^\d+[mg]$/;
// A key of a Kubernetes Secret (and so a file name under its mount).
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const DURATION = /^\d+[smhd]$/;

export function environmentProblems(envs: readonly Environment[], local: LocalStack): string[] {
  const problems: string[] = [];
  const at = (env: Environment, field: string, what: string): void => {
    problems.push(`environments.${env.name}.${field}: ${what}`);
  };
  // A new environment is often a copy of another: one field left unchanged would make two share a namespace.
  const firstWith = new Map<string, string>();
  for (const env of envs) {
    for (const [field, value] of [['namespace', env.namespace], ['kafka.topic', env.kafka.topic], ['elasticsearch.index', env.elasticsearch.index]] as const) {
      const other = firstWith.get(`${field}\0${value}`);
      if (other !== undefined) at(env, field, `"${value}" is already ${other}'s; give each environment its own`);
      else firstWith.set(`${field}\0${value}`, env.name);
    }
    const k = env.kafka;
    const es = env.elasticsearch;
    if (!KAFKA_TOPIC.test(k.topic)) at(env, 'kafka.topic', `"${k.topic}" is not a legal Kafka topic name (letters, digits, . _ -)`);
    if (k.replicationFactor > k.brokers) {
      at(env, 'kafka.replicationFactor', `${k.replicationFactor} needs at least that many brokers, there are ${k.brokers}`);
    }
    if (k.minInsyncReplicas > k.replicationFactor) {
      at(env, 'kafka.minInsyncReplicas', `${k.minInsyncReplicas} exceeds the replication factor ${k.replicationFactor}: every acks=all write would fail`);
    }
    if (!ES_INDEX.test(es.index)) at(env, 'elasticsearch.index', `"${es.index}" is not a legal Elasticsearch index name (lowercase letters, digits, . -)`);
    if (es.replicas > es.nodes - 1) {
      at(env, 'elasticsearch.replicas', `${es.replicas} replicas cannot be placed on ${es.nodes} node(s): the cluster would stay yellow`);
    }
    // Heaps and the Spark worker's memory are checked with the memory they must fit in (sizingProblems).
    for (const [field, size] of [
      ['spark.executorMemory', env.spark.executorMemory],
      ['spark.driverMemory', env.spark.driverMemory],
    ] as const) {
      if (!JVM_SIZE.test(size)) at(env, field, `"${size}" is not a JVM size such as 512m or 2g`);
    }
    if (env.spark.workerCores < 1) at(env, 'spark.workerCores', 'a worker needs at least one core');
    const am = env.alertmanager;
    if (!Number.isInteger(am.replicas) || am.replicas < 1) at(env, 'alertmanager.replicas', `${am.replicas} is not a replica count (1 or more)`);
    for (const severity of ['critical', 'warning'] as const) {
      const r = am.receivers[severity];
      if (!SECRET_KEY.test(r.secretKey)) at(env, `alertmanager.receivers.${severity}.secretKey`, `"${r.secretKey}" is not a Secret key (letters, digits, - . _)`);
      if (!DURATION.test(am.repeatInterval[severity])) at(env, `alertmanager.repeatInterval.${severity}`, `"${am.repeatInterval[severity]}" is not a duration such as 4h`);
    }
    for (const p of sizingProblems(env)) problems.push(`environments.${env.name}.${p}`);
    const { critical, warning } = am.receivers;
    if (critical.name === warning.name && JSON.stringify(critical) !== JSON.stringify(warning)) {
      at(env, 'alertmanager.receivers', `critical and warning share the name "${critical.name}" but differ: give them different names or make them one receiver`);
    }
  }
  for (const [name, size] of Object.entries(local.heaps)) {
    if (!JVM_SIZE.test(size)) problems.push(`local.heaps.${name}: "${size}" is not a JVM size such as 512m or 2g`);
  }
  return problems;
}
