// config/<env>/alert-rules.yml and its promtool unit tests (alert-rules.test.yml): one rule per failure mode of
// the platform, each proven to fire on a broken series and to stay quiet on a healthy one.
// Metric names are the ones the exporters really expose: danielqsj/kafka-exporter (kafka_*),
// prometheus-community/elasticsearch_exporter (elasticsearch_*), Spark's PrometheusServlet (metrics_master_*,
// read from a real master in test/e2e), and the producer job's own counters.
// Every rule links its runbook, a section of docs/runbooks.md named after the alert.
import { producerMetrics, services, type Environment } from '../environments.ts';
import { yamlFile } from './header.ts';
import { ALERT_RULES_FILE } from './prometheus.ts';

export const ALERT_TESTS_FILE = 'alert-rules.test.yml';

/** The runbooks as the on-call engineer opens them: docs/runbooks.md on the main branch. */
export const RUNBOOKS_DOC = 'docs/runbooks.md';
export const RUNBOOKS_URL = `https://github.com/platform-team/log-metrics-platform/blob/main/${RUNBOOKS_DOC}`;
/** GitHub's anchor of a `## AlertName` heading. */
export const runbookUrl = (alert: string): string => `${RUNBOOKS_URL}#${alert.toLowerCase()}`;

/** Elasticsearch's default disk watermarks (cluster.routing.allocation.disk.watermark.low / .high). */
const ES_WATERMARK = { low: 0.85, high: 0.9 } as const;

type Labels = Record<string, string>;

interface Series {
  series: string;
  values: string;
}

/** One promtool scenario: input series, the time to evaluate at, and the label sets expected to fire. */
interface Scenario {
  series: Series[];
  evalTime: string;
  firing: Labels[];
  /** What `{{ $value }}` expands to in the firing alert's annotations, for the rules that use it. */
  value?: string;
}

interface AlertDef {
  alert: string;
  expr: string;
  for: string;
  severity: 'warning' | 'critical';
  /** `{{ $labels.x }}` and `{{ $value }}` are the only templates used, so the tests can expand them exactly as Prometheus does. */
  summary: string;
  description: string;
  fires: Scenario;
  quiet: Scenario;
}

function alertDefs(env: Environment): AlertDef[] {
  const group = env.logstash.consumerGroup;
  const topic = env.kafka.topic;
  const lagThreshold = env.alerts.logstashLagMessages;
  const exporter = `${services.kafkaExporter.host}:${services.kafkaExporter.port}`;
  const esExporter = `${services.elasticsearchExporter.host}:${services.elasticsearchExporter.port}`;
  const producer = `${services.producer.host}:${services.producer.port}`;
  const kx = `job="kafka-exporter",instance="${exporter}"`;
  const lagSel = `kafka_consumergroup_lag{consumergroup="${group}"}`;
  const cluster = env.elasticsearch.clusterName;
  const esHealth = (color: string, values: string): Series => ({
    series: `elasticsearch_cluster_health_status{job="elasticsearch-exporter",instance="${esExporter}",cluster="${cluster}",color="${color}"}`,
    values,
  });
  const esLabels = (color: string): Labels => ({ job: 'elasticsearch-exporter', instance: esExporter, cluster, color });
  const esNode = `job="elasticsearch-exporter",instance="${esExporter}",cluster="${cluster}",name="${cluster}-0"`;
  const esDisk = (sizeGi: number, usedFraction: string): Series[] => [
    { series: `elasticsearch_filesystem_data_size_bytes{${esNode},mount="/usr/share/elasticsearch/data"}`, values: `${sizeGi * 2 ** 30}x40` },
    { series: `elasticsearch_filesystem_data_available_bytes{${esNode},mount="/usr/share/elasticsearch/data"}`, values: usedFraction },
  ];
  const diskLabels: Labels = { job: 'elasticsearch-exporter', instance: esExporter, cluster, name: `${cluster}-0` };
  const freeBytes = (sizeGi: number, used: number): number => Math.round(sizeGi * 2 ** 30 * (1 - used));
  const diskUsed = (a: string): string =>
    `1 - sum by (job, instance, cluster, name) (elasticsearch_filesystem_data_available_bytes) / sum by (job, instance, cluster, name) (elasticsearch_filesystem_data_size_bytes) ${a}`;
  const sparkMaster = `${services.sparkMaster.host}:${services.sparkMaster.uiPort}`;
  const workers = env.spark.workers;
  const aliveWorkers = (values: string): Series => ({
    series: `metrics_master_aliveWorkers_Value{job="spark-master",instance="${sparkMaster}",type="gauges"}`,
    values,
  });
  return [
    {
      alert: 'TargetDown',
      expr: 'up == 0',
      for: '2m',
      severity: 'critical',
      summary: 'Scrape target {{ $labels.instance }} of job {{ $labels.job }} is down',
      description: 'Prometheus has not reached {{ $labels.instance }} for 2 minutes; its metrics and alerts are blind.',
      fires: {
        series: [{ series: `up{${kx}}`, values: '1 0x5' }],
        evalTime: '5m',
        firing: [{ job: 'kafka-exporter', instance: exporter }],
      },
      quiet: { series: [{ series: `up{${kx}}`, values: '1x5' }], evalTime: '5m', firing: [] },
    },
    {
      alert: 'KafkaUnderReplicatedPartitions',
      expr: 'sum by (topic) (kafka_topic_partition_under_replicated_partition) > 0',
      for: '5m',
      severity: 'warning',
      summary: 'Kafka topic {{ $labels.topic }} has under-replicated partitions',
      description: 'Some partitions of {{ $labels.topic }} have fewer in-sync replicas than replicas for 5 minutes: a broker is down or lagging.',
      fires: {
        series: [
          { series: `kafka_topic_partition_under_replicated_partition{${kx},topic="${topic}",partition="0"}`, values: '0 1x10' },
          { series: `kafka_topic_partition_under_replicated_partition{${kx},topic="${topic}",partition="1"}`, values: '0x10' },
        ],
        evalTime: '10m',
        firing: [{ topic }],
      },
      quiet: {
        series: [{ series: `kafka_topic_partition_under_replicated_partition{${kx},topic="${topic}",partition="0"}`, values: '0x10' }],
        evalTime: '10m',
        firing: [],
      },
    },
    {
      // kafka-exporter emits kafka_topic_partition_leader only for partitions that have a leader, so a topic
      // whose partition count exceeds its led partitions has offline partitions (no leader, no reads or writes).
      alert: 'KafkaOfflinePartitions',
      expr:
        'sum by (topic) (kafka_topic_partitions) - (count by (topic) (kafka_topic_partition_leader) or sum by (topic) (kafka_topic_partitions) * 0) > 0',
      for: '1m',
      severity: 'critical',
      summary: 'Kafka topic {{ $labels.topic }} has offline partitions',
      description: 'Partitions of {{ $labels.topic }} have no leader: producers and Logstash cannot use them.',
      fires: {
        series: [
          { series: `kafka_topic_partitions{${kx},topic="${topic}"}`, values: '2x5' },
          { series: `kafka_topic_partition_leader{${kx},topic="${topic}",partition="0"}`, values: '0x5' },
        ],
        evalTime: '5m',
        firing: [{ topic }],
      },
      quiet: {
        series: [
          { series: `kafka_topic_partitions{${kx},topic="${topic}"}`, values: '2x5' },
          { series: `kafka_topic_partition_leader{${kx},topic="${topic}",partition="0"}`, values: '0x5' },
          { series: `kafka_topic_partition_leader{${kx},topic="${topic}",partition="1"}`, values: '1x5' },
        ],
        evalTime: '5m',
        firing: [],
      },
    },
    {
      alert: 'ElasticsearchClusterRed',
      expr: 'elasticsearch_cluster_health_status{color="red"} == 1',
      for: '2m',
      severity: 'critical',
      summary: 'Elasticsearch cluster {{ $labels.cluster }} is red',
      description: 'A primary shard of {{ $labels.cluster }} is unassigned: some logs can be neither written nor searched.',
      fires: {
        series: [esHealth('red', '0 1x5')],
        evalTime: '5m',
        firing: [esLabels('red')],
      },
      quiet: {
        series: [esHealth('red', '0x5')],
        evalTime: '5m',
        firing: [],
      },
    },
    {
      alert: 'ElasticsearchClusterYellow',
      expr: 'elasticsearch_cluster_health_status{color="yellow"} == 1',
      for: '30m',
      severity: 'warning',
      summary: 'Elasticsearch cluster {{ $labels.cluster }} has been yellow for 30 minutes',
      description: 'Replica shards of {{ $labels.cluster }} stay unassigned: one more node loss can lose data.',
      fires: {
        series: [esHealth('yellow', '1x40')],
        evalTime: '40m',
        firing: [esLabels('yellow')],
      },
      // Yellow for a short while (a node restart) is normal and must not page.
      quiet: {
        series: [esHealth('yellow', '1x10 0x30')],
        evalTime: '40m',
        firing: [],
      },
    },
    {
      alert: 'LogstashConsumerLagGrowing',
      expr: `sum by (consumergroup, topic) (${lagSel}) > ${lagThreshold} and sum by (consumergroup, topic) (deriv(${lagSel}[10m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Logstash ({{ $labels.consumergroup }}) is falling behind on {{ $labels.topic }}',
      description: `The consumer lag of {{ $labels.consumergroup }} on {{ $labels.topic }} is above ${lagThreshold} messages and still growing: logs reach Elasticsearch late.`,
      fires: {
        series: [
          {
            series: `kafka_consumergroup_lag{${kx},consumergroup="${group}",topic="${topic}",partition="0"}`,
            values: `${lagThreshold}+${Math.ceil(lagThreshold / 10)}x30`,
          },
        ],
        evalTime: '30m',
        firing: [{ consumergroup: group, topic }],
      },
      // A large but shrinking lag means Logstash is catching up.
      quiet: {
        series: [
          {
            series: `kafka_consumergroup_lag{${kx},consumergroup="${group}",topic="${topic}",partition="0"}`,
            values: `${lagThreshold * 4}-${Math.ceil(lagThreshold / 10)}x30`,
          },
        ],
        evalTime: '30m',
        firing: [],
      },
    },
    {
      alert: 'ProducerSendErrors',
      expr: `sum by (job, instance) (rate(${producerMetrics.errors}[5m])) > 0`,
      for: '5m',
      severity: 'warning',
      summary: 'The log producer {{ $labels.instance }} fails to send to Kafka',
      description: 'Kafka rejected or timed out sends of the producer for 5 minutes: logs are being lost upstream of Logstash.',
      fires: {
        series: [
          { series: `${producerMetrics.errors}{job="producer",instance="${producer}"}`, values: '0+3x20' },
          { series: `${producerMetrics.sent}{job="producer",instance="${producer}"}`, values: '0+100x20' },
        ],
        evalTime: '20m',
        firing: [{ job: 'producer', instance: producer }],
      },
      quiet: {
        series: [
          { series: `${producerMetrics.errors}{job="producer",instance="${producer}"}`, values: '0x20' },
          { series: `${producerMetrics.sent}{job="producer",instance="${producer}"}`, values: '0+100x20' },
        ],
        evalTime: '20m',
        firing: [],
      },
    },
    {
      alert: 'ElasticsearchDiskLowWatermark',
      expr: diskUsed(`> ${ES_WATERMARK.low}`),
      for: '15m',
      severity: 'warning',
      summary: 'Elasticsearch node {{ $labels.name }} is above the low disk watermark',
      description: `The data disk of {{ $labels.name }} in {{ $labels.cluster }} is more than ${ES_WATERMARK.low * 100}% full: Elasticsearch allocates no new shards to it.`,
      fires: { series: esDisk(100, `${freeBytes(100, 0.87)}x40`), evalTime: '30m', firing: [diskLabels] },
      quiet: { series: esDisk(100, `${freeBytes(100, 0.6)}x40`), evalTime: '30m', firing: [] },
    },
    {
      alert: 'ElasticsearchDiskHighWatermark',
      expr: diskUsed(`> ${ES_WATERMARK.high}`),
      for: '5m',
      severity: 'critical',
      summary: 'Elasticsearch node {{ $labels.name }} is above the high disk watermark',
      description: `The data disk of {{ $labels.name }} in {{ $labels.cluster }} is more than ${ES_WATERMARK.high * 100}% full: Elasticsearch moves shards away, and at 95% makes its indices read-only.`,
      fires: { series: esDisk(100, `${freeBytes(100, 0.93)}x40`), evalTime: '30m', firing: [diskLabels] },
      // Between the watermarks only the warning fires.
      quiet: { series: esDisk(100, `${freeBytes(100, 0.87)}x40`), evalTime: '30m', firing: [] },
    },
    {
      alert: 'SparkWorkersMissing',
      expr: `metrics_master_aliveWorkers_Value{job="spark-master"} < ${workers}`,
      for: '2m',
      severity: 'critical',
      summary: `The Spark master {{ $labels.instance }} has fewer than ${workers} alive workers`,
      description: `Only {{ $value }} of the ${workers} Spark workers are registered with the master: jobs get fewer cores or none.`,
      fires: { series: [aliveWorkers(`${workers}x2 ${workers - 1}x5`)], evalTime: '6m', firing: [{ job: 'spark-master', instance: sparkMaster, type: 'gauges' }], value: String(workers - 1) },
      quiet: { series: [aliveWorkers(`${workers}x6`)], evalTime: '6m', firing: [] },
    },
  ];
}

export const alertNames = (env: Environment): string[] => alertDefs(env).map((a) => a.alert);

export function renderAlertRules(env: Environment): string {
  return yamlFile({
    groups: [
      {
        name: 'platform',
        rules: alertDefs(env).map((a) => ({
          alert: a.alert,
          expr: a.expr,
          for: a.for,
          labels: { severity: a.severity },
          annotations: { summary: a.summary, description: a.description, runbook_url: runbookUrl(a.alert) },
        })),
      },
    ],
  });
}

const expand = (template: string, labels: Labels, value: string): string =>
  template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_m, name: string) => labels[name] ?? '').replace(/\{\{ \$value \}\}/g, value);

function testCase(a: AlertDef, s: Scenario, name: string): object {
  return {
    name: `${a.alert} ${name}`,
    interval: '1m',
    input_series: s.series,
    alert_rule_test: [
      {
        eval_time: s.evalTime,
        alertname: a.alert,
        exp_alerts: s.firing.map((labels) => ({
          exp_labels: { severity: a.severity, ...labels },
          exp_annotations: {
            summary: expand(a.summary, labels, s.value ?? ''),
            description: expand(a.description, labels, s.value ?? ''),
            runbook_url: runbookUrl(a.alert),
          },
        })),
      },
    ],
  };
}

export function renderAlertTests(env: Environment): string {
  return yamlFile({
    rule_files: [ALERT_RULES_FILE],
    evaluation_interval: '1m',
    tests: alertDefs(env).flatMap((a) => [testCase(a, a.fires, 'fires'), testCase(a, a.quiet, 'stays quiet')]),
  });
}
