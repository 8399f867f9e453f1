// config/<env>/kustomization.yaml: turns the generated files beside it into the ConfigMaps of the contract.
// Overlays list `../../config/<env>` as a resource, because kustomize forbids reading files outside a
// kustomization's own directory. Hash suffixes stay on, so a config change rolls the pods that mount it.
import { yamlFile } from './header.ts';

export interface ConfigMapSpec {
  name: string;
  /** Paths relative to config/<env>/; the key is the file's base name. */
  files: string[];
}

export const configMaps: readonly ConfigMapSpec[] = [
  { name: 'logstash-pipeline', files: ['logstash.conf'] },
  { name: 'prometheus-config', files: ['prometheus.yml', 'alert-rules.yml'] },
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

export function renderKustomization(): string {
  return yamlFile({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generatorOptions: { labels: { 'app.kubernetes.io/part-of': 'platform' } },
    configMapGenerator: configMaps.map((c) => ({ name: c.name, files: c.files })),
  });
}
