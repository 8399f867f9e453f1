// Spark dashboard: the PrometheusServlet of the master (/metrics/master/prometheus/) and workers
// (/metrics/prometheus/). The servlet names series metrics_<source>_<name>_Value{type="gauges"}; the JVM source
// is `jvm` on both daemons (metrics_jvm_heap_used_Value), told apart by the scrape job.
import type { Environment } from '../../environments.ts';
import { renderDashboard, series, stat } from './panels.ts';

export function renderSparkDashboard(env: Environment): string {
  return renderDashboard(env, 'platform-spark', `Spark (${env.name})`, [
    stat('Alive workers', 'max(metrics_master_aliveWorkers_Value)'),
    stat('Running applications', 'max(metrics_master_apps_Value)'),
    stat('Waiting applications', 'max(metrics_master_waitingApps_Value)'),
    stat('Executors', 'sum(metrics_worker_executors_Value)'),
    series('Worker cores', [
      { expr: 'metrics_worker_coresUsed_Value', legend: '{{instance}} used' },
      { expr: 'metrics_worker_coresFree_Value', legend: '{{instance}} free' },
    ]),
    series('Worker memory', [
      { expr: 'metrics_worker_memUsed_MB_Value', legend: '{{instance}} used' },
      { expr: 'metrics_worker_memFree_MB_Value', legend: '{{instance}} free' },
    ], 'decmbytes'),
    series('Master JVM heap', [{ expr: 'metrics_jvm_heap_used_Value{job="spark-master"}', legend: 'used' }], 'bytes'),
    series('Worker JVM heap', [{ expr: 'metrics_jvm_heap_used_Value{job="spark-worker"}', legend: '{{instance}}' }], 'bytes'),
  ]);
}
