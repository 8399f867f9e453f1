// What differs in size between environments, as JSON patches of the environment Component
// (config/<env>/environment): each sized workload's replicas, the resources of its container named like the
// workload, and the size and class of its data volume; Prometheus's retention size; and the brokers' replication
// settings merged into ConfigMap kafka-broker-config. The bases carry development-sized defaults so that each
// renders on its own; in an environment these patches decide.
//
// JSON patches rather than strategic merges (see kustomization.ts). They address the container and the
// claim by index, so each is guarded by a `test` of the name it expects: if a base reorders its containers,
// `kubectl kustomize` fails naming the path instead of resizing the wrong container.
import type { Environment, SizedWorkload } from '../environments.ts';
import { workloads } from '../environments.ts';

export interface JsonPatch {
  target: { kind: string; name: string };
  patch: string;
}

type Op = { op: 'test' | 'add' | 'replace'; path: string; value: unknown };

const opsText = (ops: readonly Op[]): string =>
  ops.map((o) => `- op: ${o.op}\n  path: ${o.path}\n  value: ${JSON.stringify(o.value)}`).join('\n');

/** The count another fact of the environment already fixes, where one does. */
function fixedReplicas(env: Environment, w: SizedWorkload): number | undefined {
  switch (w) {
    case 'zookeeper':
      return env.kafka.zookeeperNodes;
    case 'kafka':
      return env.kafka.brokers;
    case 'elasticsearch':
      return env.elasticsearch.nodes;
    case 'alertmanager':
      return env.alertmanager.replicas;
    case 'spark-worker':
      return env.spark.workers;
    default:
      return undefined;
  }
}

/** The replica count of a workload in an environment. */
export const replicasOf = (env: Environment, w: SizedWorkload): number =>
  fixedReplicas(env, w) ?? env.sizing.workloads[w].replicas ?? 1;

/** The size of a workload's data volume in an environment, if it has one. */
export const storageOf = (env: Environment, w: SizedWorkload): string | undefined =>
  w === 'alertmanager' ? env.alertmanager.storage : env.sizing.workloads[w].storage;

/** Problems with `sizing` that its type cannot rule out (check-environments.ts reports them). */
export function sizingProblems(env: Environment): string[] {
  const problems: string[] = [];
  for (const w of Object.keys(env.sizing.workloads) as SizedWorkload[]) {
    const size = env.sizing.workloads[w];
    const fixed = fixedReplicas(env, w);
    if (fixed !== undefined && size.replicas !== undefined) {
      problems.push(`sizing.workloads.${w}.replicas: ${w}'s count is fixed by another fact of the environment (${fixed}); remove it here`);
    }
    if (size.replicas !== undefined && (!Number.isInteger(size.replicas) || size.replicas < 0)) {
      problems.push(`sizing.workloads.${w}.replicas: ${size.replicas} is not a replica count (0 or more)`);
    }
    if (w === 'alertmanager' && size.storage !== undefined) {
      problems.push(`sizing.workloads.alertmanager.storage: Alertmanager's volume is alertmanager.storage; remove it here`);
    }
    if (!workloads.some((x) => x.name === w)) problems.push(`sizing.workloads.${w}: no workload of the bases has this name`);
  }
  return problems;
}

/** Grafana keeps its data on a PersistentVolumeClaim of its own, the StatefulSets on their first claim template. */
const GRAFANA_CLAIM = 'grafana-storage';

function workloadPatches(env: Environment, w: SizedWorkload): JsonPatch[] {
  const kind = workloads.find((x) => x.name === w)?.kind;
  if (kind === undefined) throw new Error(`sizing names ${w}, which is not in the workloads table`);
  const size = env.sizing.workloads[w];
  const container = '/spec/template/spec/containers/0';
  const ops: Op[] = [
    { op: 'replace', path: '/spec/replicas', value: replicasOf(env, w) },
    { op: 'test', path: `${container}/name`, value: w },
    { op: 'add', path: `${container}/resources`, value: size.resources },
  ];
  if (w === 'prometheus') {
    // Appended: the base leaves the size out, so no argument is addressed by its position.
    ops.push({ op: 'add', path: `${container}/args/-`, value: `--storage.tsdb.retention.size=${env.prometheus.retentionSize}` });
  }
  const storage = storageOf(env, w);
  const patches: JsonPatch[] = [];
  if (storage !== undefined && w !== 'grafana') {
    const claim = '/spec/volumeClaimTemplates/0';
    ops.push({ op: 'test', path: `${claim}/metadata/name`, value: 'data' });
    ops.push({ op: 'replace', path: `${claim}/spec/resources/requests/storage`, value: storage });
    if (env.sizing.storageClass !== undefined) ops.push({ op: 'add', path: `${claim}/spec/storageClassName`, value: env.sizing.storageClass });
  }
  patches.push({ target: { kind, name: w }, patch: opsText(ops) });
  if (storage !== undefined && w === 'grafana') {
    const claimOps: Op[] = [{ op: 'replace', path: '/spec/resources/requests/storage', value: storage }];
    if (env.sizing.storageClass !== undefined) claimOps.push({ op: 'add', path: '/spec/storageClassName', value: env.sizing.storageClass });
    patches.push({ target: { kind: 'PersistentVolumeClaim', name: GRAFANA_CLAIM }, patch: opsText(claimOps) });
  }
  return patches;
}

/** Every sizing patch of an environment, in the order of the workloads table. */
export function sizingPatches(env: Environment): JsonPatch[] {
  const sized = Object.keys(env.sizing.workloads) as SizedWorkload[];
  return workloads.filter((w) => sized.includes(w.name as SizedWorkload)).flatMap((w) => workloadPatches(env, w.name as SizedWorkload));
}

/** The brokers' replication settings (base/kafka's kafka-broker-config holds the rest), from the environment's kafka facts. */
export function kafkaBrokerSettings(env: Environment): Record<string, string> {
  const k = env.kafka;
  return {
    KAFKA_NUM_PARTITIONS: String(k.partitions),
    KAFKA_DEFAULT_REPLICATION_FACTOR: String(k.replicationFactor),
    KAFKA_MIN_INSYNC_REPLICAS: String(k.minInsyncReplicas),
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(k.replicationFactor),
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(k.replicationFactor),
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(k.minInsyncReplicas),
  };
}
