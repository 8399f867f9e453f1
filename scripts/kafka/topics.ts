// Creates an environment's log topic the way the cluster does: by running the kafka-topics Job's
// own script (base/kafka-topics/create-topics.sh) with Kafka's CLI from the same artifacts.
import { fileURLToPath } from 'node:url';
import type { Environment } from '../environments.ts';
import { runBounded } from '../lib/tools.ts';
import type { KafkaCluster } from './cluster.ts';

export const CREATE_TOPICS_SCRIPT = fileURLToPath(new URL('../../base/kafka-topics/create-topics.sh', import.meta.url));

/** The variables the Job's script reads (from the ConfigMap platform-environment in the cluster). */
export function topicScriptEnv(env: Environment, brokers: number): Record<string, string> {
  const rf = Math.min(env.kafka.replicationFactor, brokers);
  return {
    KAFKA_TOPIC: env.kafka.topic,
    KAFKA_TOPIC_PARTITIONS: String(env.kafka.partitions),
    KAFKA_TOPIC_REPLICATION_FACTOR: String(rf),
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: String(Math.min(env.kafka.minInsyncReplicas, rf)),
  };
}

export interface ScriptRun {
  exitCode: number | null;
  output: string;
}

/** Runs the script with bash against the cluster; `vars` are the Job's environment. */
export async function runCreateTopicsScript(cluster: KafkaCluster, vars: Record<string, string>, script = CREATE_TOPICS_SCRIPT, timeoutMs = 120_000): Promise<ScriptRun> {
  const bin = await cluster.writeCliWrappers();
  const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: process.env.HOME ?? '/tmp', KAFKA_BROKERS: cluster.bootstrap, ...vars };
  const run = await runBounded('bash', [script], { env, timeoutMs, timeoutSignal: 'SIGKILL' });
  return { exitCode: run.code, output: run.output };
}
