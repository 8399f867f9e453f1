// config/<env>/prometheus.yml: every target is a real Prometheus endpoint (exporters, Spark's servlet, the jobs),
// never Kafka's 9092 or Elasticsearch's 9200, which serve no metrics.
import { services, type Environment } from '../environments.ts';
import { yamlFile } from './header.ts';

export const ALERT_RULES_FILE = 'alert-rules.yml';

interface DnsSdConfig {
  names: string[];
  type: 'A';
  port: number;
  refresh_interval: string;
}

/** Every replica behind a headless Service (one A record per pod) or a compose service name. */
const dnsSd = (host: string, port: number): DnsSdConfig[] => [{ names: [host], type: 'A', port, refresh_interval: '30s' }];

interface ScrapeJob {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: DnsSdConfig[];
}

const staticJob = (name: string, host: string, port: number, metricsPath = '/metrics'): ScrapeJob => ({
  job_name: name,
  ...(metricsPath === '/metrics' ? {} : { metrics_path: metricsPath }),
  static_configs: [{ targets: [`${host}:${port}`] }],
});

/** The scrape jobs of an environment; alert rules and tests refer to these job names. */
export function scrapeJobs(env: Environment): ScrapeJob[] {
  const s = services;
  const jobs: ScrapeJob[] = [
    staticJob('prometheus', 'localhost', s.prometheus.port),
    staticJob('kafka-exporter', s.kafkaExporter.host, s.kafkaExporter.port),
    staticJob('elasticsearch-exporter', s.elasticsearchExporter.host, s.elasticsearchExporter.port),
    staticJob('spark-master', s.sparkMaster.host, s.sparkMaster.uiPort, s.sparkMaster.metricsPath),
    {
      // Workers are a headless Service (one A record per pod) in Kubernetes and a compose service name
      // on the laptop: DNS discovery finds every worker in both.
      job_name: 'spark-worker',
      metrics_path: s.sparkWorker.metricsPath,
      dns_sd_configs: dnsSd(s.sparkWorker.host, s.sparkWorker.uiPort),
    },
    { job_name: 'alertmanager', dns_sd_configs: dnsSd(s.alertmanager.headless, s.alertmanager.port) },
  ];
  if (env.prometheus.scrapeProducer) jobs.push(staticJob('producer', s.producer.host, s.producer.port));
  if (env.prometheus.scrapeAppService) jobs.push(staticJob('app-service', s.appService.host, s.appService.port));
  return jobs;
}

export function renderPrometheusConfig(env: Environment): string {
  return yamlFile({
    global: {
      scrape_interval: env.prometheus.scrapeInterval,
      evaluation_interval: env.prometheus.evaluationInterval,
      external_labels: { environment: env.name },
    },
    // Every alert goes to every Alertmanager replica (not through a load-balancing Service): the replicas
    // gossip and deduplicate, so one lost replica loses no alert.
    alerting: { alertmanagers: [{ dns_sd_configs: dnsSd(services.alertmanager.headless, services.alertmanager.port) }] },
    rule_files: [ALERT_RULES_FILE],
    scrape_configs: scrapeJobs(env),
  });
}
