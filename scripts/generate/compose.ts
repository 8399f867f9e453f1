// compose/compose.yaml, the laptop stack: every component of the platform plus the exporters and the
// one-shot set-ups, on dev's generated configs (mounted read-only from config/dev/), with laptop heaps.
// Kafka has two listeners: INTERNAL kafka:9092 for containers (the contract's address) and EXTERNAL
// localhost:<kafkaHostPort> published to the host, because one advertised name cannot serve both.
import {
  alertmanagerSecret,
  elasticsearchUrl,
  environments,
  images,
  indexSetupName,
  kafkaBootstrap,
  local,
  services,
  type Environment,
} from '../environments.ts';
import { receivers } from './alertmanager.ts';
import { yamlFile } from './header.ts';
import { bootstrapBody, bootstrapIndex } from './index-setup.ts';

type Healthcheck = { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
type Condition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

interface Service {
  image: string;
  build?: { context: string; dockerfile: string };
  container_name?: string;
  hostname?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  /** Ports other containers use but the host does not: declared so the cross-checks can resolve them. */
  expose?: string[];
  volumes?: string[];
  secrets?: { source: string; target: string; mode: number }[];
  networks?: Record<string, { aliases: string[] }>;
  ulimits?: Record<string, { soft: number; hard: number }>;
  depends_on?: Record<string, { condition: Condition }>;
  healthcheck?: Healthcheck;
  restart: string;
}

const CONFIG = `../config/${local.configEnv}`;

const health = (test: string, startPeriod = '30s', retries = 10): Healthcheck => ({
  test: ['CMD-SHELL', test],
  interval: '10s',
  timeout: '5s',
  retries,
  start_period: startPeriod,
});

/** Port check without curl or nc, for images that only carry bash (Confluent, Spark). */
const tcpCheck = (port: number): string => `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port}'`;
/** HTTP check from inside a Node.js image (the jobs image has node, not curl). */
const nodeHttpCheck = (port: number, path: string): string =>
  `node -e "fetch('http://127.0.0.1:${port}${path}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;

const heapOpts = (heap: string): string => `-Xms${heap} -Xmx${heap}`;
const dep = (condition: Condition) => ({ condition });
// Loopback only: the laptop stack runs without authentication (Elasticsearch, ZooKeeper, Kafka, the Spark
// master's job submission on 7077), so nothing may be reachable from the network the laptop is on.
const publish = (port: number): string => `127.0.0.1:${port}:${port}`;

/** The set-up script of the index one-shot. It holds no `$`, which compose would interpolate. */
function indexSetupScript(env: Environment): string {
  const es = elasticsearchUrl();
  const name = indexSetupName(env);
  const json = "-H 'Content-Type: application/json'";
  return [
    'set -eu',
    `curl -fsS -X PUT ${json} --data-binary @/setup/ilm-policy.json ${es}/_ilm/policy/${name}`,
    `curl -fsS -X PUT ${json} --data-binary @/setup/index-template.json ${es}/_index_template/${name}`,
    `if ! curl -fsS -o /dev/null ${es}/_alias/${env.elasticsearch.index}; then`,
    `  curl -fsS -X PUT ${json} -d '${JSON.stringify(bootstrapBody(env))}' ${es}/${bootstrapIndex(env)}`,
    'fi',
    '',
  ].join('\n');
}

export function composeServices(): Record<string, Service> {
  const env = environments[local.configEnv];
  const s = services;
  const jobsBuild = { context: '..', dockerfile: 'jobs/Dockerfile' };
  const sparkConf = ['spark-defaults.conf', 'spark-env.sh'].map((f) => `${CONFIG}/${f}:/opt/spark/conf/${f}:ro`);
  return {
    zookeeper: {
      image: images.zookeeper,
      environment: {
        ZOOKEEPER_CLIENT_PORT: String(s.zookeeper.port),
        ZOOKEEPER_TICK_TIME: '2000',
        KAFKA_HEAP_OPTS: heapOpts(local.heaps.zookeeper),
      },
      ports: [publish(s.zookeeper.port)],
      volumes: ['zookeeper-data:/var/lib/zookeeper/data', 'zookeeper-log:/var/lib/zookeeper/log'],
      healthcheck: health(tcpCheck(s.zookeeper.port), '20s'),
      restart: 'unless-stopped',
    },
    kafka: {
      image: images.kafka,
      depends_on: { zookeeper: dep('service_healthy') },
      environment: {
        KAFKA_BROKER_ID: '1',
        KAFKA_ZOOKEEPER_CONNECT: `${s.zookeeper.host}:${s.zookeeper.port}`,
        KAFKA_LISTENERS: `INTERNAL://0.0.0.0:${s.kafka.port},EXTERNAL://0.0.0.0:${local.kafkaHostPort}`,
        KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${kafkaBootstrap()},EXTERNAL://localhost:${local.kafkaHostPort}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
        KAFKA_DEFAULT_REPLICATION_FACTOR: String(env.kafka.replicationFactor),
        KAFKA_MIN_INSYNC_REPLICAS: String(env.kafka.minInsyncReplicas),
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(env.kafka.replicationFactor),
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(env.kafka.replicationFactor),
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(env.kafka.minInsyncReplicas),
        KAFKA_NUM_PARTITIONS: String(env.kafka.partitions),
        KAFKA_HEAP_OPTS: heapOpts(local.heaps.kafka),
      },
      ports: [publish(local.kafkaHostPort)],
      expose: [String(s.kafka.port)],
      volumes: ['kafka-data:/var/lib/kafka/data'],
      healthcheck: health(`kafka-topics --bootstrap-server ${kafkaBootstrap()} --list >/dev/null`, '40s', 12),
      restart: 'unless-stopped',
    },
    'kafka-setup': {
      image: images.kafka,
      depends_on: { kafka: dep('service_healthy') },
      command: [
        'kafka-topics',
        '--bootstrap-server',
        kafkaBootstrap(),
        '--create',
        '--if-not-exists',
        '--topic',
        env.kafka.topic,
        '--partitions',
        String(env.kafka.partitions),
        '--replication-factor',
        String(env.kafka.replicationFactor),
      ],
      restart: 'no',
    },
    'kafka-exporter': {
      image: images.kafkaExporter,
      depends_on: { kafka: dep('service_healthy') },
      command: [`--kafka.server=${kafkaBootstrap()}`, `--web.listen-address=:${s.kafkaExporter.port}`],
      expose: [String(s.kafkaExporter.port)],
      healthcheck: health(`wget -qO /dev/null http://127.0.0.1:${s.kafkaExporter.port}/healthz`, '10s'),
      restart: 'unless-stopped',
    },
    elasticsearch: {
      image: images.elasticsearch,
      environment: { ES_JAVA_OPTS: heapOpts(local.heaps.elasticsearch) },
      ulimits: { memlock: { soft: -1, hard: -1 }, nofile: { soft: 65536, hard: 65536 } },
      ports: [publish(s.elasticsearch.port)],
      volumes: [
        'elasticsearch-data:/usr/share/elasticsearch/data',
        `${CONFIG}/elasticsearch.yml:/usr/share/elasticsearch/config/elasticsearch.yml:ro`,
      ],
      healthcheck: health(
        `curl -fsS 'http://127.0.0.1:${s.elasticsearch.port}/_cluster/health?wait_for_status=yellow&timeout=5s' >/dev/null`,
        '60s',
        20,
      ),
      restart: 'unless-stopped',
    },
    'elasticsearch-setup': {
      image: images.curl,
      depends_on: { elasticsearch: dep('service_healthy') },
      entrypoint: ['/bin/sh', '-c'],
      command: [indexSetupScript(env)],
      volumes: [
        `${CONFIG}/index-template.json:/setup/index-template.json:ro`,
        `${CONFIG}/ilm-policy.json:/setup/ilm-policy.json:ro`,
      ],
      restart: 'no',
    },
    'elasticsearch-exporter': {
      image: images.elasticsearchExporter,
      depends_on: { elasticsearch: dep('service_healthy') },
      command: [`--es.uri=${elasticsearchUrl()}`, `--web.listen-address=:${s.elasticsearchExporter.port}`],
      expose: [String(s.elasticsearchExporter.port)],
      healthcheck: health(`wget -qO /dev/null http://127.0.0.1:${s.elasticsearchExporter.port}/metrics`, '10s'),
      restart: 'unless-stopped',
    },
    logstash: {
      image: images.logstash,
      depends_on: {
        'kafka-setup': dep('service_completed_successfully'),
        'elasticsearch-setup': dep('service_completed_successfully'),
      },
      environment: {
        LS_JAVA_OPTS: heapOpts(local.heaps.logstash),
        PIPELINE_WORKERS: String(env.logstash.pipelineWorkers),
        XPACK_MONITORING_ENABLED: 'false',
      },
      ports: [publish(s.logstash.beatsPort), publish(s.logstash.monitoringPort)],
      volumes: [`${CONFIG}/logstash.conf:/usr/share/logstash/pipeline/logstash.conf:ro`],
      healthcheck: health(`curl -fsS http://127.0.0.1:${s.logstash.monitoringPort}/ >/dev/null`, '60s', 20),
      restart: 'unless-stopped',
    },
    kibana: {
      image: images.kibana,
      depends_on: { elasticsearch: dep('service_healthy') },
      environment: { ELASTICSEARCH_HOSTS: `["${elasticsearchUrl()}"]` },
      ports: [publish(s.kibana.port)],
      healthcheck: health(`curl -fsS http://127.0.0.1:${s.kibana.port}/api/status >/dev/null`, '60s', 20),
      restart: 'unless-stopped',
    },
    prometheus: {
      image: images.prometheus,
      command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--web.enable-lifecycle'],
      ports: [publish(s.prometheus.port)],
      volumes: [
        `${CONFIG}/prometheus.yml:/etc/prometheus/prometheus.yml:ro`,
        `${CONFIG}/alert-rules.yml:/etc/prometheus/alert-rules.yml:ro`,
        'prometheus-data:/prometheus',
      ],
      healthcheck: health(`wget -qO /dev/null http://127.0.0.1:${s.prometheus.port}/-/ready`, '10s'),
      restart: 'unless-stopped',
    },
    alertmanager: {
      image: images.alertmanager,
      command: [
        '--config.file=/etc/alertmanager/config/alertmanager.yml',
        '--storage.path=/alertmanager',
        // One replica: no gossip cluster.
        '--cluster.listen-address=',
      ],
      ports: [publish(s.alertmanager.port)],
      // Prometheus finds Alertmanagers by the headless Service's name, in Kubernetes and here alike.
      networks: { default: { aliases: [s.alertmanager.headless] } },
      volumes: [`${CONFIG}/alertmanager.yml:/etc/alertmanager/config/alertmanager.yml:ro`, 'alertmanager-data:/alertmanager'],
      // The receivers' credentials, as the Secret mounts them in Kubernetes: from the host's environment, never a file in git.
      secrets: composeSecrets(env).map(({ name, key }) => ({ source: name, target: `${alertmanagerSecret.mountPath}/${key}`, mode: 0o440 })),
      healthcheck: health(`wget -qO /dev/null http://127.0.0.1:${s.alertmanager.port}/-/ready`, '10s'),
      restart: 'unless-stopped',
    },
    grafana: {
      image: images.grafana,
      depends_on: { prometheus: dep('service_healthy') },
      ports: [publish(s.grafana.port)],
      // No admin/admin: the password comes from compose/.env (not in git), and compose refuses to start
      // without it, naming the file.
      environment: {
        GF_SECURITY_ADMIN_USER: 'admin',
        GF_SECURITY_ADMIN_PASSWORD: '${GRAFANA_ADMIN_PASSWORD:?set it in compose/.env, see compose/README.md}',
      },
      volumes: [
        'grafana-data:/var/lib/grafana',
        `${CONFIG}/grafana/provisioning:/etc/grafana/provisioning:ro`,
        `${CONFIG}/grafana/dashboards:/var/lib/grafana/dashboards:ro`,
      ],
      healthcheck: health(`wget -qO /dev/null http://127.0.0.1:${s.grafana.port}/api/health`, '20s'),
      restart: 'unless-stopped',
    },
    'spark-master': {
      image: images.spark,
      hostname: s.sparkMaster.host,
      command: ['/opt/spark/bin/spark-class', 'org.apache.spark.deploy.master.Master'],
      ports: [publish(s.sparkMaster.uiPort), publish(s.sparkMaster.clusterPort)],
      volumes: sparkConf,
      healthcheck: health(tcpCheck(s.sparkMaster.uiPort), '20s'),
      restart: 'unless-stopped',
    },
    'spark-worker': {
      image: images.spark,
      depends_on: { 'spark-master': dep('service_healthy') },
      command: [
        '/opt/spark/bin/spark-class',
        'org.apache.spark.deploy.worker.Worker',
        `spark://${s.sparkMaster.host}:${s.sparkMaster.clusterPort}`,
      ],
      ports: [publish(s.sparkWorker.uiPort)],
      volumes: sparkConf,
      healthcheck: health(tcpCheck(s.sparkWorker.uiPort), '20s'),
      restart: 'unless-stopped',
    },
    producer: {
      image: images.jobs,
      build: jobsBuild,
      command: ['producer'],
      depends_on: { 'kafka-setup': dep('service_completed_successfully') },
      environment: {
        KAFKA_BROKERS: kafkaBootstrap(),
        KAFKA_TOPIC: env.kafka.topic,
        PRODUCER_RATE: String(local.producerRate),
        METRICS_PORT: String(s.producer.port),
      },
      expose: [String(s.producer.port)],
      healthcheck: health(nodeHttpCheck(s.producer.port, s.producer.metricsPath), '15s'),
      restart: 'unless-stopped',
    },
    'app-service': {
      image: images.jobs,
      build: jobsBuild,
      command: ['metrics'],
      environment: { PORT: String(s.appService.port) },
      ports: [publish(s.appService.port)],
      healthcheck: health(nodeHttpCheck(s.appService.port, '/healthz'), '10s'),
      restart: 'unless-stopped',
    },
  };
}

/**
 * One compose secret per receiver credential of the stack's environment, read from a host variable
 * (ALERTMANAGER_SLACK_API_URL for key slack-api-url), so the credential never lands in a file of the repository.
 */
export function composeSecrets(env: Environment): { name: string; key: string; variable: string }[] {
  const keys = [...new Set(receivers(env).map((r) => r.secretKey))];
  return keys.map((key) => ({
    name: `alertmanager-${key}`,
    key,
    variable: `ALERTMANAGER_${key.toUpperCase().replace(/-/g, '_')}`,
  }));
}

export function renderCompose(): string {
  const env = environments[local.configEnv];
  return yamlFile({
    name: local.project,
    services: composeServices(),
    volumes: Object.fromEntries(
      ['zookeeper-data', 'zookeeper-log', 'kafka-data', 'elasticsearch-data', 'prometheus-data', 'alertmanager-data', 'grafana-data'].map((v) => [v, {}]),
    ),
    secrets: Object.fromEntries(composeSecrets(env).map(({ name, variable }) => [name, { environment: variable }])),
  });
}
