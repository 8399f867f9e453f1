// config/<env>/kustomization.yaml: turns the generated files beside it into the ConfigMaps of the contract.
// Overlays list `../../config/<env>` as a resource, because kustomize forbids reading files outside a
// kustomization's own directory. Hash suffixes stay on, so a config change rolls the pods that mount it.
import type { Environment } from '../environments.ts';
import { yamlFile } from './header.ts';

export interface ConfigMapSpec {
  name: string;
  /** Paths relative to config/<env>/; the key is the file's base name. */
  files: string[];
}

export const configMaps: readonly ConfigMapSpec[] = [
  { name: 'logstash-pipeline', files: ['logstash.conf'] },
  { name: 'prometheus-config', files: ['prometheus.yml', 'alert-rules.yml'] },
  { name: 'alertmanager-config', files: ['alertmanager.yml'] },
  { name: 'elasticsearch-config', files: ['elasticsearch.yml'] },
  { name: 'spark-config', files: ['spark-defaults.conf', 'spark-env.sh'] },
  { name: 'grafana-datasources', files: ['grafana/provisioning/datasources/prometheus.yaml'] },
  { name: 'grafana-dashboard-providers', files: ['grafana/provisioning/dashboards/dashboards.yaml'] },
  {
    name: 'grafana-dashboards',
    files: ['kafka.json', 'elasticsearch.json', 'spark.json', 'app-service.json'].map((f) => `grafana/dashboards/${f}`),
  },
  { name: 'elasticsearch-index-setup', files: ['index-template.json', 'ilm-policy.json'] },
];

/**
 * ConfigMap platform-environment: the environment's facts that workloads read as variables (the
 * producer, the kafka-topics and elasticsearch-setup Jobs), so that they come from the same source
 * as Logstash's topic and index instead of being restated in the overlay.
 */
export function platformEnvironment(env: Environment): Record<string, string> {
  return {
    PLATFORM_ENV: env.name,
    KAFKA_TOPIC: env.kafka.topic,
    KAFKA_TOPIC_PARTITIONS: String(env.kafka.partitions),
    KAFKA_TOPIC_REPLICATION_FACTOR: String(env.kafka.replicationFactor),
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: String(env.kafka.minInsyncReplicas),
    ES_INDEX: env.elasticsearch.index,
    PRODUCER_RATE: String(env.producer.rate),
  };
}

export function renderKustomization(env: Environment): string {
  return yamlFile({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generatorOptions: { labels: { 'app.kubernetes.io/part-of': 'platform' } },
    configMapGenerator: [
      ...configMaps.map((c) => ({ name: c.name, files: c.files })),
      {
        name: 'platform-environment',
        literals: Object.entries(platformEnvironment(env)).map(([k, v]) => `${k}=${v}`),
      },
    ],
  });
}
