// What differs in size between environments, as JSON patches of the environment Component
// (config/<env>/environment): each sized workload's replicas, the resources of its container named like the
// workload, a JVM's heap variable (the first environment variable of that container), and the size and class
// of its data volume; Logstash's pipeline workers (the variable after its heap); Prometheus's retention size;
// and the brokers' replication settings merged into ConfigMap kafka-broker-config. The bases carry
// development-sized defaults so that each renders on its own; in an environment these patches decide.
//
// JSON patches rather than strategic merges (see kustomization.ts). They address the container, the heap
// variable and the claim by index, so each is guarded by a `test` of the name it expects: if a base reorders
// its containers or variables, `kubectl kustomize` fails naming the path instead of resizing the wrong one.
import type { Environment, JvmSize, JvmWorkload, KafkaCliSize, KafkaCliSizes, Resources, SizedWorkload } from '../environments.ts';
import { workloads } from '../environments.ts';

/** A one-shot Kafka CLI container the typed source sizes. */
export type KafkaCli = keyof KafkaCliSizes;

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

const heapOpts = (heap: JvmSize): string => `-Xms${heap} -Xmx${heap}`;

/** What off-heap memory a JVM needs beside its heap, in the terms the refusal message states. */
const JVM_OFF_HEAP = "the JVM's off-heap memory (metaspace, code cache, thread stacks, GC structures, direct buffers)";

/**
 * Each JVM workload's heap variable and how much of the container's memory limit its heap may take. Elastic
 * documents at most 50% (Xms/Xmx "no more than 50% of your total memory"): Lucene works through the file-system
 * cache and direct memory outside the heap. The others keep a quarter of the limit for their JVM's off-heap
 * memory; Kafka also lives on the page cache, which the kernel may reclaim, so this is a floor, not a target.
 */
export const HEAP_VARIABLES: Readonly<Record<JvmWorkload, { variable: string; value: (heap: JvmSize) => string; maxShare: number; rest: string }>> = {
  zookeeper: { variable: 'KAFKA_HEAP_OPTS', value: heapOpts, maxShare: 0.75, rest: JVM_OFF_HEAP },
  kafka: { variable: 'KAFKA_HEAP_OPTS', value: heapOpts, maxShare: 0.75, rest: JVM_OFF_HEAP },
  elasticsearch: {
    variable: 'ES_JAVA_OPTS',
    value: heapOpts,
    maxShare: 0.5,
    rest: "Lucene's file-system cache and direct memory (Elastic: heap no more than 50% of the memory)",
  },
  logstash: { variable: 'LS_JAVA_OPTS', value: heapOpts, maxShare: 0.75, rest: JVM_OFF_HEAP },
  'spark-master': { variable: 'SPARK_DAEMON_MEMORY', value: (heap) => heap, maxShare: 0.75, rest: JVM_OFF_HEAP },
  'spark-worker': { variable: 'SPARK_DAEMON_MEMORY', value: (heap) => heap, maxShare: 0.75, rest: JVM_OFF_HEAP },
};

export const jvmWorkloads = Object.keys(HEAP_VARIABLES) as readonly JvmWorkload[];

export const isJvmWorkload = (w: SizedWorkload): w is JvmWorkload => Object.hasOwn(HEAP_VARIABLES, w);

/** A JVM workload's heap in an environment. */
export const heapOf = (env: Environment, w: JvmWorkload): JvmSize => env.sizing.workloads[w].heap;

const JVM_SIZE = /^(\d+)([mg])$/;
const MIB_PER: Readonly<Record<string, number>> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 ** 2, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20, T: 1e12 / 2 ** 20 };
const MEMORY_QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** Mebibytes of a JVM size (512m, 2g), or undefined when it is not one. */
export function jvmMiB(size: string): number | undefined {
  const m = JVM_SIZE.exec(size);
  return m?.[1] && m[2] ? Number(m[1]) * (m[2] === 'g' ? 1024 : 1) : undefined;
}

/** Mebibytes of a Kubernetes memory quantity (512Mi, 4Gi, 1G, bytes), or undefined when it is not one. */
export function memoryMiB(quantity: string): number | undefined {
  const m = MEMORY_QUANTITY.exec(quantity);
  if (!m?.[1]) return undefined;
  return Number(m[1]) * (m[2] ? (MIB_PER[m[2]] ?? Number.NaN) : 1 / 2 ** 20);
}

const mib = (n: number): string => `${Math.round(n * 10) / 10}Mi`;

/**
 * What Spark reserves beside an executor's heap where it sizes the container itself (Kubernetes, YARN):
 * spark.executor.memoryOverheadFactor 0.10 of the executor memory, at least 384MiB. A standalone worker runs
 * its executors inside its own container, so the same allowance must fit there.
 */
export const sparkExecutorOverheadMiB = (workerMemoryMiB: number): number => Math.max(384, 0.1 * workerMemoryMiB);

/** A JVM workload's heap (and the Spark worker's executors) against its memory limit, as refusals. */
function heapProblems(env: Environment, w: JvmWorkload): string[] {
  const size = env.sizing.workloads[w];
  const heap = jvmMiB(size.heap);
  const limitText = size.resources.limits.memory;
  const limit = memoryMiB(limitText);
  const problems: string[] = [];
  if (heap === undefined) problems.push(`sizing.workloads.${w}.heap: "${size.heap}" is not a JVM size such as 512m or 2g`);
  if (limit === undefined) problems.push(`sizing.workloads.${w}.resources.limits.memory: "${limitText}" is not a memory quantity such as 512Mi or 4Gi`);
  if (heap === undefined || limit === undefined) return problems;
  const fits = `the memory limit ${limitText} (${mib(limit)})`;
  if (w === 'spark-worker') {
    const executors = jvmMiB(env.sizing.workloads[w].workerMemory);
    if (executors === undefined) {
      problems.push(`sizing.workloads.${w}.workerMemory: "${env.sizing.workloads[w].workerMemory}" is not a JVM size such as 512m or 2g`);
      return problems;
    }
    const overhead = sparkExecutorOverheadMiB(executors);
    if (heap + executors + overhead > limit) {
      problems.push(
        `sizing.workloads.${w}: the daemon's heap ${size.heap} (${mib(heap)}), workerMemory ${env.sizing.workloads[w].workerMemory} (${mib(executors)}) ` +
          `and the executors' off-heap allowance ${mib(overhead)} (Spark's memoryOverhead: 10%, at least 384Mi) need ${mib(heap + executors + overhead)}, ` +
          `more than ${fits}; raise the limit or lower workerMemory`,
      );
    }
  }
  // The Spark worker's daemon is held to the same share as any JVM, besides the sum above.
  return [...problems, ...shareProblems(`sizing.workloads.${w}`, w, size, HEAP_VARIABLES[w])];
}

/** A heap above its share of the memory limit, as a refusal naming the field, the container and the figures. */
function shareProblems(field: string, who: string, size: { heap: JvmSize; resources: Resources }, rule: { maxShare: number; rest: string }): string[] {
  const heap = jvmMiB(size.heap);
  const limitText = size.resources.limits.memory;
  const limit = memoryMiB(limitText);
  if (heap === undefined || limit === undefined) return [];
  const most = rule.maxShare * limit;
  if (heap <= most) return [];
  return [
    `${field}.heap: ${size.heap} (${mib(heap)}) does not fit the memory limit ${limitText} (${mib(limit)}): ${who}'s heap may take at most ` +
      `${rule.maxShare * 100}% of it (${mib(most)}), the rest is for ${rule.rest}; raise the limit or lower the heap`,
  ];
}

/**
 * The one-shot Kafka CLI containers: where each is (its workload, and whether a container or an init
 * container) and the variable its heap goes into. scram-users is added by overlays/prod/scram-users, a
 * Component that the prod overlay lists before config/prod/environment, so it is there to be sized.
 */
export const KAFKA_CLI: Readonly<Record<KafkaCli, { target: { kind: string; name: string }; list: 'containers' | 'initContainers' }>> = {
  'kafka-topics': { target: { kind: 'Job', name: 'kafka-topics' }, list: 'containers' },
  'scram-users': { target: { kind: 'StatefulSet', name: 'kafka' }, list: 'initContainers' },
};

/** The CLI containers' heap variable and share: Kafka's scripts read KAFKA_HEAP_OPTS, as the brokers do. */
export const KAFKA_CLI_HEAP = { variable: 'KAFKA_HEAP_OPTS', value: heapOpts, maxShare: 0.75, rest: JVM_OFF_HEAP } as const;

/** The one-shot Kafka CLI containers an environment sizes, in a stable order. */
export const kafkaCliOf = (env: Environment): [KafkaCli, KafkaCliSize][] =>
  (Object.keys(KAFKA_CLI) as KafkaCli[]).flatMap((c) => {
    const size = env.sizing.kafkaCli[c];
    return size === undefined ? [] : [[c, size] as [KafkaCli, KafkaCliSize]];
  });

function kafkaCliProblems(env: Environment): string[] {
  const problems: string[] = [];
  const scram = env.sizing.kafkaCli['scram-users'] !== undefined;
  if (env.kafka.saslScram && !scram) problems.push(`sizing.kafkaCli.scram-users: kafka.saslScram runs the brokers' scram-users init container; size it here`);
  if (!env.kafka.saslScram && scram) problems.push(`sizing.kafkaCli.scram-users: without kafka.saslScram there is no scram-users init container; remove it here`);
  for (const [c, size] of kafkaCliOf(env)) {
    const field = `sizing.kafkaCli.${c}`;
    if (jvmMiB(size.heap) === undefined) problems.push(`${field}.heap: "${size.heap}" is not a JVM size such as 512m or 2g`);
    if (memoryMiB(size.resources.limits.memory) === undefined) {
      problems.push(`${field}.resources.limits.memory: "${size.resources.limits.memory}" is not a memory quantity such as 512Mi or 4Gi`);
    }
    problems.push(...shareProblems(field, c, size, KAFKA_CLI_HEAP));
  }
  return problems;
}

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
    if (isJvmWorkload(w)) problems.push(...heapProblems(env, w));
  }
  problems.push(...kafkaCliProblems(env));
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
  if (isJvmWorkload(w)) {
    // The base sets its development default as the container's first variable; replaced there, the variable
    // keeps its place and no second entry of the same name appears.
    const heap = HEAP_VARIABLES[w];
    ops.push({ op: 'test', path: `${container}/env/0/name`, value: heap.variable });
    ops.push({ op: 'replace', path: `${container}/env/0/value`, value: heap.value(heapOf(env, w)) });
  }
  if (w === 'logstash') {
    // Not a size, but per environment all the same, and in the same container: the base sets dev's value
    // as the variable right after the heap.
    ops.push({ op: 'test', path: `${container}/env/1/name`, value: 'PIPELINE_WORKERS' });
    ops.push({ op: 'replace', path: `${container}/env/1/value`, value: String(env.logstash.pipelineWorkers) });
  }
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

/** A one-shot Kafka CLI container's resources and heap, each set after testing the name it expects. */
function kafkaCliPatch(c: KafkaCli, size: KafkaCliSize): JsonPatch {
  const { target, list } = KAFKA_CLI[c];
  // Each is the first (or only) container of its list: the Job's one container; scram-users, which the
  // prod overlay's Component puts ahead of the base's zone step (it must run first, see its comment).
  const container = `/spec/template/spec/${list}/0`;
  const ops: Op[] = [
    { op: 'test', path: `${container}/name`, value: c },
    { op: 'add', path: `${container}/resources`, value: size.resources },
    { op: 'test', path: `${container}/env/0/name`, value: KAFKA_CLI_HEAP.variable },
    // add, not replace: the scram-users Component names the variable without a value (nothing to restate).
    { op: 'add', path: `${container}/env/0/value`, value: KAFKA_CLI_HEAP.value(size.heap) },
  ];
  return { target, patch: opsText(ops) };
}

/** Every sizing patch of an environment, in the order of the workloads table, then the one-shot Kafka CLI containers. */
export function sizingPatches(env: Environment): JsonPatch[] {
  const sized = Object.keys(env.sizing.workloads) as SizedWorkload[];
  return [
    ...workloads.filter((w) => sized.includes(w.name as SizedWorkload)).flatMap((w) => workloadPatches(env, w.name as SizedWorkload)),
    ...kafkaCliOf(env).map(([c, size]) => kafkaCliPatch(c, size)),
  ];
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
