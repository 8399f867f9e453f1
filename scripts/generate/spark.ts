// config/<env>/spark-defaults.conf and spark-env.sh, mounted at /opt/spark/conf/ on master and workers.
import { services, type Environment } from '../environments.ts';
import { MARKER } from './header.ts';

export function renderSparkDefaults(env: Environment): string {
  const s = env.spark;
  const m = services.sparkMaster;
  const pairs: [string, string][] = [
    ['spark.master', `spark://${m.host}:${m.clusterPort}`],
    ['spark.executor.memory', s.executorMemory],
    ['spark.driver.memory', s.driverMemory],
    ['spark.eventLog.enabled', 'true'],
    ['spark.eventLog.dir', s.eventLogDir],
    ['spark.history.fs.logDirectory', s.eventLogDir],
    // Spark's built-in Prometheus servlet (Spark 3.x): master at /metrics/master/prometheus/, workers and
    // drivers at /metrics/prometheus/. Master and worker daemons read spark.metrics.conf.* from this file.
    ['spark.metrics.conf.*.sink.prometheusServlet.class', 'org.apache.spark.metrics.sink.PrometheusServlet'],
    ['spark.metrics.conf.*.sink.prometheusServlet.path', '/metrics/prometheus'],
    ['spark.metrics.conf.master.sink.prometheusServlet.path', '/metrics/master/prometheus'],
    ['spark.metrics.conf.applications.sink.prometheusServlet.path', '/metrics/applications/prometheus'],
    ['spark.metrics.conf.master.source.jvm.class', 'org.apache.spark.metrics.source.JvmSource'],
    ['spark.metrics.conf.worker.source.jvm.class', 'org.apache.spark.metrics.source.JvmSource'],
    // Executor metrics of running applications on the driver UI at /metrics/executors/prometheus.
    ['spark.ui.prometheus.enabled', 'true'],
  ];
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
  return [`# ${MARKER}`, `# Environment ${env.name}.`, ...pairs.map(([k, v]) => `${k.padEnd(width)}${v}`), ''].join('\n');
}

export function renderSparkEnv(env: Environment): string {
  const s = env.spark;
  return [
    `# ${MARKER}`,
    // Sourced by Spark's launch scripts (load-spark-env.sh), never executed: no shebang, so the marker leads.
    '# shellcheck shell=bash',
    `# Environment ${env.name}: sourced by Spark's launch scripts on master and workers.`,
    // The master binds its RPC port to this host. In compose the service name resolves to the container;
    // a Kubernetes pod cannot bind its Service's address, so the manifest may set SPARK_MASTER_HOST
    // (e.g. to the pod IP) and this default steps aside.
    '# The master binds to this host; a Kubernetes pod sets SPARK_MASTER_HOST itself (its Service IP is not local).',
    `export SPARK_MASTER_HOST="\${SPARK_MASTER_HOST:-${services.sparkMaster.host}}"`,
    `export SPARK_MASTER_PORT="${services.sparkMaster.clusterPort}"`,
    `export SPARK_MASTER_WEBUI_PORT="${services.sparkMaster.uiPort}"`,
    `export SPARK_WORKER_WEBUI_PORT="${services.sparkWorker.uiPort}"`,
    `export SPARK_WORKER_CORES="${s.workerCores}"`,
    `export SPARK_WORKER_MEMORY="${env.sizing.workloads['spark-worker'].workerMemory}"`,
    '',
  ].join('\n');
}
