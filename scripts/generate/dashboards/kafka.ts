// Kafka dashboard: danielqsj/kafka-exporter series, plus the producer's own counters.
import { producerMetrics, type Environment } from '../../environments.ts';
import { renderDashboard, series, stat } from './panels.ts';

export function renderKafkaDashboard(env: Environment): string {
  const group = env.logstash.consumerGroup;
  return renderDashboard(env, 'platform-kafka', `Kafka (${env.name})`, [
    stat('Brokers', 'kafka_brokers'),
    stat('Under-replicated partitions', 'sum(kafka_topic_partition_under_replicated_partition)'),
    stat('Partitions without leader', 'sum(kafka_topic_partitions) - count(kafka_topic_partition_leader)'),
    stat(`Lag of ${group}`, `sum(kafka_consumergroup_lag{consumergroup="${group}"})`),
    series('Messages in per topic', [
      { expr: 'sum by (topic) (rate(kafka_topic_partition_current_offset{topic!~"__.*"}[$__rate_interval]))', legend: '{{topic}}' },
    ], 'msg/s'),
    series('Consumer group lag', [{ expr: 'sum by (consumergroup, topic) (kafka_consumergroup_lag)', legend: '{{consumergroup}} / {{topic}}' }]),
    series('In-sync replicas per partition', [
      { expr: `kafka_topic_partition_in_sync_replica{topic="${env.kafka.topic}"}`, legend: 'partition {{partition}}' },
    ]),
    series('Consumer group members', [{ expr: 'kafka_consumergroup_members', legend: '{{consumergroup}}' }]),
    series('Producer sends', [
      { expr: `sum(rate(${producerMetrics.sent}[$__rate_interval]))`, legend: 'sent' },
      { expr: `sum(rate(${producerMetrics.errors}[$__rate_interval]))`, legend: 'errors' },
    ], 'msg/s'),
  ]);
}
