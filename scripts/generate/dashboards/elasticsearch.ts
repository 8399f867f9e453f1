// Elasticsearch dashboard: prometheus-community/elasticsearch_exporter series.
import type { Environment } from '../../environments.ts';
import { renderDashboard, series, stat } from './panels.ts';

export function renderElasticsearchDashboard(env: Environment): string {
  return renderDashboard(env, 'platform-elasticsearch', `Elasticsearch (${env.name})`, [
    stat(
      'Cluster health (2 green, 1 yellow, 0 red)',
      '2 * max(elasticsearch_cluster_health_status{color="green"}) + max(elasticsearch_cluster_health_status{color="yellow"})',
    ),
    stat('Nodes', 'max(elasticsearch_cluster_health_number_of_nodes)'),
    stat('Unassigned shards', 'max(elasticsearch_cluster_health_unassigned_shards)'),
    stat('Documents', 'sum(elasticsearch_indices_docs)'),
    series('Indexing rate', [{ expr: 'sum by (name) (rate(elasticsearch_indices_indexing_index_total[$__rate_interval]))', legend: '{{name}}' }], 'ops'),
    series('Search rate', [{ expr: 'sum by (name) (rate(elasticsearch_indices_search_query_total[$__rate_interval]))', legend: '{{name}}' }], 'ops'),
    series('JVM heap used', [
      { expr: 'elasticsearch_jvm_memory_used_bytes{area="heap"}', legend: '{{name}} used' },
      { expr: 'elasticsearch_jvm_memory_max_bytes{area="heap"}', legend: '{{name}} max' },
    ], 'bytes'),
    series('Data disk available', [{ expr: 'sum by (name) (elasticsearch_filesystem_data_available_bytes)', legend: '{{name}}' }], 'bytes'),
  ]);
}
