// The one typed description of the platform's environments. Every generated config (config/<env>/**,
// compose/compose.yaml) is rendered from this file by `npm run generate`; `npm run validate` fails when a
// committed file no longer matches. Change a fact here, never in a generated file.
//
// Names and ports follow /work/shared-notes/CONTRACT.md: they are identical in compose services and in
// Kubernetes Services, so config/dev works in both the laptop stack and the dev overlay.

/** The only place image versions are pinned. Elasticsearch, Logstash and Kibana share one version. */
export const versions = {
  confluent: '7.9.5',
  elastic: '8.15.3',
  prometheus: 'v2.54.1',
  alertmanager: 'v0.27.0',
  grafana: '11.2.2',
  spark: '3.5.3',
  kafkaExporter: 'v1.8.0',
  elasticsearchExporter: 'v1.8.0',
  curl: '8.10.1',
  jobs: '0.1.0',
} as const;

export const images = {
  zookeeper: `confluentinc/cp-zookeeper:${versions.confluent}`,
  kafka: `confluentinc/cp-kafka:${versions.confluent}`,
  elasticsearch: `docker.elastic.co/elasticsearch/elasticsearch:${versions.elastic}`,
  logstash: `docker.elastic.co/logstash/logstash:${versions.elastic}`,
  kibana: `docker.elastic.co/kibana/kibana:${versions.elastic}`,
  prometheus: `prom/prometheus:${versions.prometheus}`,
  alertmanager: `prom/alertmanager:${versions.alertmanager}`,
  grafana: `grafana/grafana:${versions.grafana}`,
  spark: `apache/spark:${versions.spark}`,
  kafkaExporter: `danielqsj/kafka-exporter:${versions.kafkaExporter}`,
  elasticsearchExporter: `quay.io/prometheuscommunity/elasticsearch-exporter:${versions.elasticsearchExporter}`,
  curl: `curlimages/curl:${versions.curl}`,
  jobs: `ghcr.io/platform-team/platform-jobs:${versions.jobs}`,
} as const;

/** A workload of the bases, and the key in `images` of the image its containers run. */
export interface WorkloadImage {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';
  name: string;
  image: keyof typeof images;
}

/**
 * Every workload of the bases and the image it runs. `npm run generate` turns this table into each
 * environment's kustomize `images:` pins and the workloads' `app.kubernetes.io/version` labels
 * (config/<env>/kustomization.yaml), so base/ names images without a tag and no version is written twice.
 */
export const workloads: readonly WorkloadImage[] = [
  { kind: 'StatefulSet', name: 'zookeeper', image: 'zookeeper' },
  { kind: 'StatefulSet', name: 'kafka', image: 'kafka' },
  { kind: 'Job', name: 'kafka-topics', image: 'kafka' },
  { kind: 'Deployment', name: 'kafka-exporter', image: 'kafkaExporter' },
  { kind: 'StatefulSet', name: 'elasticsearch', image: 'elasticsearch' },
  { kind: 'Deployment', name: 'elasticsearch-exporter', image: 'elasticsearchExporter' },
  { kind: 'Job', name: 'elasticsearch-setup', image: 'curl' },
  { kind: 'StatefulSet', name: 'logstash', image: 'logstash' },
  { kind: 'Deployment', name: 'kibana', image: 'kibana' },
  { kind: 'StatefulSet', name: 'prometheus', image: 'prometheus' },
  { kind: 'StatefulSet', name: 'alertmanager', image: 'alertmanager' },
  { kind: 'Deployment', name: 'grafana', image: 'grafana' },
  { kind: 'Deployment', name: 'spark-master', image: 'spark' },
  { kind: 'Deployment', name: 'spark-worker', image: 'spark' },
  { kind: 'Deployment', name: 'producer', image: 'jobs' },
  { kind: 'Deployment', name: 'app-service', image: 'jobs' },
];

/** Service host names and ports (the contract's table). */
export const services = {
  zookeeper: { host: 'zookeeper', port: 2181 },
  kafka: { host: 'kafka', port: 9092 },
  kafkaExporter: { host: 'kafka-exporter', port: 9308, metricsPath: '/metrics' },
  elasticsearch: { host: 'elasticsearch', port: 9200, transportPort: 9300, headless: 'elasticsearch-headless' },
  elasticsearchExporter: { host: 'elasticsearch-exporter', port: 9114, metricsPath: '/metrics' },
  logstash: { host: 'logstash', beatsPort: 5044, monitoringPort: 9600 },
  kibana: { host: 'kibana', port: 5601 },
  prometheus: { host: 'prometheus', port: 9090 },
  // Prometheus sends every alert to every replica: it finds them through the headless Service (one A record
  // per pod; in compose a network alias of the one container), as the replicas find each other on 9094.
  alertmanager: { host: 'alertmanager', headless: 'alertmanager-headless', port: 9093, clusterPort: 9094, metricsPath: '/metrics' },
  grafana: { host: 'grafana', port: 3000 },
  sparkMaster: { host: 'spark-master', uiPort: 8080, clusterPort: 7077, metricsPath: '/metrics/master/prometheus/' },
  sparkWorker: { host: 'spark-worker', uiPort: 8081, metricsPath: '/metrics/prometheus/' },
  appService: { host: 'app-service', port: 8000, metricsPath: '/metrics' },
  producer: { host: 'producer', port: 9464, metricsPath: '/metrics' },
} as const;

/** Counter names the producer job exposes (agreed with the jobs' owner). */
export const producerMetrics = {
  sent: 'producer_messages_sent_total',
  errors: 'producer_send_errors_total',
} as const;

/** Series the metrics app (`app-service`) exposes besides prom-client's default process metrics. */
export const appServiceMetrics = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
} as const;

/** Where Elasticsearch reads its transport TLS material (Secret `elasticsearch-certs`, mounted by the StatefulSet). */
export const elasticsearchCertsDir = '/usr/share/elasticsearch/config/certs';

export interface KafkaSettings {
  topic: string;
  brokers: number;
  zookeeperNodes: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  partitions: number;
  /** Clients and brokers authenticate with SASL/SCRAM-SHA-512 over TLS (listener SASL_SSL); ZooKeeper requires SASL. */
  saslScram: boolean;
}

export interface ElasticsearchSettings {
  clusterName: string;
  /** The name Logstash writes to and Kibana searches: a rollover alias over `<index>-000001`, `<index>-000002`, … */
  index: string;
  nodes: number;
  security: boolean;
  /** Replicas per shard of the log indices: 0 on a single node keeps the cluster green. */
  replicas: number;
  shards: number;
  /** ILM: roll the write index over at whichever comes first, then delete indices this long after rollover. */
  rolloverMaxAge: string;
  rolloverMaxPrimaryShardSize: string;
  deleteAfter: string;
}

export interface SparkSettings {
  executorMemory: string;
  driverMemory: string;
  eventLogDir: string;
  workerCores: number;
  workers: number;
}

export interface PrometheusSettings {
  scrapeInterval: string;
  evaluationInterval: string;
  /** Scrape the metrics app `app-service` (the seed: prod only). */
  scrapeAppService: boolean;
  /** Scrape the producer job's own metrics port. */
  scrapeProducer: boolean;
  /** Oldest blocks are dropped beyond this size (`--storage.tsdb.retention.size`): below the volume's size. */
  retentionSize: string;
}

export interface AlertThresholds {
  /** Consumer lag (messages) above which growth of Logstash's lag alerts. */
  logstashLagMessages: number;
}

/** Where the Secret `alertmanagerSecret.name` is mounted; a receiver reads its URL from a file there. */
export const alertmanagerSecret = { name: 'alertmanager-receivers', mountPath: '/etc/alertmanager/secrets' } as const;

/**
 * A notification receiver. Its credential (a Slack incoming-webhook URL, a PagerDuty routing key) is a secret,
 * so the config names only a key of the out-of-band Secret `alertmanager-receivers`, read through
 * Alertmanager's `*_file` settings (`api_url_file`, `routing_key_file`), never the value itself. (A plain
 * webhook's `url_file` needs Alertmanager 0.26; Debian's amtool, which checks the file, is 0.25.)
 */
export type AlertReceiver =
  | { name: string; kind: 'slack'; secretKey: string; channel: string }
  | { name: string; kind: 'pagerduty'; secretKey: string };

export interface AlertmanagerSettings {
  /** More than one forms a gossip cluster (StatefulSet peers on the headless Service) that deduplicates notifications. */
  replicas: number;
  storage: string;
  /** Where each severity goes; the warning receiver is also the default for alerts without a severity. */
  receivers: { critical: AlertReceiver; warning: AlertReceiver };
  /** How often a still-firing alert is notified again, per severity. */
  repeatInterval: { critical: string; warning: string };
}

/** A container's requests and limits. */
export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** The long-running workloads of the bases whose size an environment sets (the one-shot Kafka CLI containers: KafkaCliSizes). */
export type SizedWorkload =
  | 'zookeeper'
  | 'kafka'
  | 'kafka-exporter'
  | 'elasticsearch'
  | 'elasticsearch-exporter'
  | 'logstash'
  | 'kibana'
  | 'prometheus'
  | 'alertmanager'
  | 'grafana'
  | 'spark-master'
  | 'spark-worker'
  | 'producer'
  | 'app-service';

/**
 * How one workload is sized in an environment: the resources of its container named like the workload, its
 * replica count and the size of its data volume (its first volumeClaimTemplate; Grafana's PVC
 * grafana-storage). Where another fact already fixes a count or a size (kafka.brokers, kafka.zookeeperNodes,
 * elasticsearch.nodes, alertmanager.replicas and .storage, spark.workers), that fact is the only place for
 * it and this entry leaves it out; generate refuses a second one. An unset replica count is 1. A JVM
 * workload's entry also carries its heap (JvmWorkloadSize).
 */
export interface WorkloadSize {
  resources: Resources;
  replicas?: number;
  storage?: string;
}

/** A JVM memory size as -Xmx and Spark's memory variables take it: whole mebibytes or gibibytes (512m, 2g). */
export type JvmSize = `${number}m` | `${number}g`;

/** The sized workloads whose main container runs a JVM: each sets its heap beside the memory it must fit in. */
export type JvmWorkload = Extract<SizedWorkload, 'zookeeper' | 'kafka' | 'elasticsearch' | 'logstash' | 'spark-master' | 'spark-worker'>;

/**
 * A JVM workload's size. The heap is written into the container's heap variable (KAFKA_HEAP_OPTS,
 * ES_JAVA_OPTS, LS_JAVA_OPTS as -Xms and -Xmx; SPARK_DAEMON_MEMORY for Spark's daemons); generate refuses a
 * heap that leaves the JVM too little of `resources.limits.memory` for what it uses off the heap
 * (scripts/generate/sizing.ts, heapProblems).
 */
export interface JvmWorkloadSize extends WorkloadSize {
  heap: JvmSize;
}

/** The Spark worker runs its executors in its own container: their memory must fit beside the daemon's heap. */
export interface SparkWorkerSize extends JvmWorkloadSize {
  /** SPARK_WORKER_MEMORY (spark-env.sh): the memory the worker lends to executors. */
  workerMemory: JvmSize;
}

/** Each sized workload's entry: a JVM workload's carries its heap, the Spark worker's also its executors' memory. */
export type WorkloadSizes = {
  [W in SizedWorkload]: W extends 'spark-worker' ? SparkWorkerSize : W extends JvmWorkload ? JvmWorkloadSize : WorkloadSize;
};

/**
 * A one-shot container that runs one of Kafka's CLI tools (a JVM) and exits: its resources and its heap
 * (KAFKA_HEAP_OPTS, its first variable), held to the same share of the memory limit as the long-running JVMs.
 */
export interface KafkaCliSize {
  resources: Resources;
  heap: JvmSize;
}

/**
 * The one-shot Kafka CLI containers: the kafka-topics Job, and where the brokers authenticate (kafka.saslScram)
 * the brokers' `scram-users` init container, which writes the SCRAM users and ACLs (overlays/prod/scram-users).
 * generate refuses a scram-users entry without SCRAM and SCRAM without one.
 */
export interface KafkaCliSizes {
  'kafka-topics': KafkaCliSize;
  'scram-users'?: KafkaCliSize;
}

/** What `npm run generate` writes into config/<env>/environment for the bases' workloads besides images. */
export interface Sizing {
  workloads: WorkloadSizes;
  kafkaCli: KafkaCliSizes;
  /** The StorageClass of every data volume; unset, the cluster's default class. */
  storageClass?: string;
}

/** Requests and limits in one line: cpu and memory requested, then cpu and memory allowed. */
const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});

/**
 * What an environment is held to. `production`: replicated, secured and spread over nodes and zones; the
 * validator's production-only rules (anti-affinity, …) and the tests' production expectations key on it,
 * never on an environment's name. `development`: sized to run cheaply, single nodes allowed.
 */
export type Tier = 'production' | 'development';

export interface Environment {
  /** The key of this environment in `environments`: names config/<name>, overlays/<name>, clusters/<name>. */
  name: string;
  namespace: string;
  tier: Tier;
  kafka: KafkaSettings;
  logstash: { consumerGroup: string; pipelineWorkers: number };
  elasticsearch: ElasticsearchSettings;
  spark: SparkSettings;
  prometheus: PrometheusSettings;
  alerts: AlertThresholds;
  alertmanager: AlertmanagerSettings;
  grafana: { datasourceUid: string };
  /** The log producer's steady rate in the cluster, messages per second. */
  producer: { rate: number };
  /** Replicas, resources, JVM heaps and volume sizes of the bases' workloads. */
  sizing: Sizing;
}

const dev: Environment = {
  name: 'dev',
  namespace: 'platform-dev',
  tier: 'development',
  kafka: { topic: 'logs-topic', brokers: 1, zookeeperNodes: 1, replicationFactor: 1, minInsyncReplicas: 1, partitions: 3, saslScram: false },
  logstash: { consumerGroup: 'logstash-dev', pipelineWorkers: 1 },
  elasticsearch: {
    clusterName: 'dev-elasticsearch-cluster',
    index: 'dev-logs-index',
    nodes: 1,
    security: false,
    replicas: 0,
    shards: 1,
    rolloverMaxAge: '1d',
    rolloverMaxPrimaryShardSize: '5gb',
    deleteAfter: '7d',
  },
  spark: {
    executorMemory: '512m',
    driverMemory: '512m',
    eventLogDir: 'file:///tmp/spark-events',
    workerCores: 1,
    workers: 1,
  },
  prometheus: { scrapeInterval: '15s', evaluationInterval: '15s', scrapeAppService: false, scrapeProducer: true, retentionSize: '8GB' },
  alerts: { logstashLagMessages: 1000 },
  alertmanager: {
    replicas: 1,
    storage: '1Gi',
    receivers: {
      critical: { name: 'dev-slack', kind: 'slack', secretKey: 'slack-api-url', channel: '#platform-dev-alerts' },
      warning: { name: 'dev-slack', kind: 'slack', secretKey: 'slack-api-url', channel: '#platform-dev-alerts' },
    },
    repeatInterval: { critical: '4h', warning: '24h' },
  },
  grafana: { datasourceUid: 'prometheus' },
  producer: { rate: 20 },
  sizing: {
    workloads: {
      zookeeper: { resources: resources('100m', '512Mi', '500m', '512Mi'), heap: '256m', storage: '5Gi' },
      kafka: { resources: resources('250m', '1Gi', '1', '1Gi'), heap: '512m', storage: '10Gi' },
      'kafka-exporter': { resources: resources('50m', '64Mi', '200m', '128Mi') },
      elasticsearch: { resources: resources('500m', '1Gi', '1', '1Gi'), heap: '512m', storage: '10Gi' },
      'elasticsearch-exporter': { resources: resources('50m', '64Mi', '200m', '128Mi') },
      logstash: { resources: resources('250m', '1Gi', '1', '1Gi'), heap: '512m', storage: '4Gi' },
      kibana: { resources: resources('250m', '1280Mi', '1', '1280Mi') },
      prometheus: { resources: resources('250m', '512Mi', '1', '1Gi'), storage: '10Gi' },
      alertmanager: { resources: resources('50m', '64Mi', '200m', '256Mi') },
      grafana: { resources: resources('100m', '256Mi', '500m', '512Mi'), storage: '2Gi' },
      'spark-master': { resources: resources('250m', '1Gi', '1', '1Gi'), heap: '512m' },
      'spark-worker': { resources: resources('500m', '2Gi', '1', '2Gi'), heap: '512m', workerMemory: '1g' },
      producer: { resources: resources('100m', '128Mi', '500m', '256Mi') },
      'app-service': { resources: resources('50m', '96Mi', '250m', '192Mi') },
    },
    kafkaCli: {
      'kafka-topics': { resources: resources('100m', '384Mi', '500m', '384Mi'), heap: '256m' },
    },
  },
};

const prod: Environment = {
  name: 'prod',
  namespace: 'platform-prod',
  tier: 'production',
  kafka: { topic: 'prod-logs-topic', brokers: 3, zookeeperNodes: 3, replicationFactor: 3, minInsyncReplicas: 2, partitions: 6, saslScram: true },
  logstash: { consumerGroup: 'logstash-prod', pipelineWorkers: 2 },
  elasticsearch: {
    clusterName: 'prod-elasticsearch-cluster',
    index: 'prod-logs-index',
    nodes: 3,
    security: true,
    replicas: 1,
    shards: 3,
    rolloverMaxAge: '1d',
    rolloverMaxPrimaryShardSize: '30gb',
    deleteAfter: '30d',
  },
  spark: {
    executorMemory: '2g',
    driverMemory: '1g',
    eventLogDir: 'file:///opt/spark/spark-events',
    workerCores: 2,
    workers: 2,
  },
  prometheus: { scrapeInterval: '30s', evaluationInterval: '30s', scrapeAppService: true, scrapeProducer: true, retentionSize: '90GB' },
  alerts: { logstashLagMessages: 10000 },
  alertmanager: {
    replicas: 3,
    storage: '2Gi',
    receivers: {
      critical: { name: 'prod-pagerduty', kind: 'pagerduty', secretKey: 'pagerduty-routing-key' },
      warning: { name: 'prod-slack', kind: 'slack', secretKey: 'slack-api-url', channel: '#platform-alerts' },
    },
    repeatInterval: { critical: '1h', warning: '12h' },
  },
  grafana: { datasourceUid: 'prometheus' },
  producer: { rate: 100 },
  sizing: {
    workloads: {
      ...dev.sizing.workloads,
      // More heap for three brokers' sessions.
      zookeeper: { resources: resources('250m', '1Gi', '1', '1Gi'), heap: '512m', storage: '20Gi' },
      // Heap stays small (Kafka lives on the page cache); memory leaves room for it.
      kafka: { resources: resources('1', '6Gi', '2', '6Gi'), heap: '2g', storage: '200Gi' },
      // Heap at half the memory limit.
      elasticsearch: { resources: resources('1', '4Gi', '2', '4Gi'), heap: '2g', storage: '200Gi' },
      // Two consumers share the topic's partitions; the volume holds the 20gb persistent queue, the 4gb
      // dead-letter queue and a spare page.
      logstash: { resources: resources('500m', '2Gi', '2', '2Gi'), heap: '1g', replicas: 2, storage: '32Gi' },
      // More series (app-service, three brokers, three Elasticsearch nodes) and a longer history.
      prometheus: { resources: resources('500m', '2Gi', '2', '4Gi'), storage: '100Gi' },
      alertmanager: { resources: resources('100m', '128Mi', '500m', '512Mi') },
      grafana: { resources: dev.sizing.workloads.grafana.resources, storage: '10Gi' },
      // Executors get 4g (SPARK_WORKER_MEMORY) over SPARK_WORKER_CORES (spark above); the limit holds them, their
      // off-heap allowance and the worker daemon's heap.
      'spark-worker': { resources: resources('2', '5Gi', '3', '5Gi'), heap: '512m', workerMemory: '4g' },
      // Prod's Prometheus scrapes it: two, so a restart leaves a target up.
      'app-service': { resources: dev.sizing.workloads['app-service'].resources, replicas: 2 },
    },
    kafkaCli: {
      ...dev.sizing.kafkaCli,
      // Upserts every user's credentials and ACLs through ZooKeeper before each broker starts.
      'scram-users': { resources: resources('100m', '384Mi', '500m', '384Mi'), heap: '256m' },
    },
    storageClass: 'gp3',
  },
};

/**
 * Every environment, by name. Adding one is one entry here (docs/extending.md): `npm run generate` then
 * writes its config/<name>/, and everything else derives its list of environments from this record.
 */
export const environments = { dev, prod } satisfies Record<string, Environment>;
export type EnvName = keyof typeof environments;
export const envNames = Object.keys(environments) as readonly EnvName[];
/** The environments held to production standards (tier `production`). */
export const productionEnvNames: readonly EnvName[] = envNames.filter((n) => environments[n].tier === 'production');

/** The laptop stack (compose/): dev's configs and topic, laptop-sized heaps, Kafka reachable from the host too. */
export interface LocalStack {
  project: string;
  /** The environment whose generated configs the stack mounts. */
  configEnv: EnvName;
  /** Host port of Kafka's EXTERNAL listener (advertised as localhost:<port>). */
  kafkaHostPort: number;
  heaps: { elasticsearch: string; logstash: string; kafka: string; zookeeper: string };
  producerRate: number;
}

export const local: LocalStack = {
  project: 'platform',
  configEnv: 'dev',
  kafkaHostPort: 29092,
  heaps: { elasticsearch: '512m', logstash: '384m', kafka: '512m', zookeeper: '256m' },
  producerRate: 20,
};

/** Kafka bootstrap servers as clients inside the environment see them. */
export const kafkaBootstrap = (): string => `${services.kafka.host}:${services.kafka.port}`;

export const elasticsearchUrl = (): string => `http://${services.elasticsearch.host}:${services.elasticsearch.port}`;

/** Elasticsearch's URL inside an environment: HTTPS wherever security is on (its HTTP layer then serves TLS). */
export const elasticsearchUrlOf = (env: Environment): string =>
  `${env.elasticsearch.security ? 'https' : 'http'}://${services.elasticsearch.host}:${services.elasticsearch.port}`;

/** Where Kafka's clients read the CA of the brokers' TLS certificate (Secret kafka-tls, key ca.crt). */
export const kafkaClientCaFile = '/etc/kafka-ca/ca.crt';

/** Where Elasticsearch's clients (Logstash, Kibana, the exporter, the set-up Job) read the CA of its HTTP certificate. */
export const elasticsearchClientCaFile = '/etc/elasticsearch-ca/ca.crt';

/** Name of the ILM policy and index template of an environment's log indices (the set-up Job uses it). */
export const indexSetupName = (env: Environment): string => `logs-${env.name}`;
