// Everything `npm run generate` writes, rendered in memory: the generator writes these files and the drift
// check of `npm run validate` compares them with the committed ones.
import { envNames, environments, type Environment } from '../environments.ts';
import { renderAlertRules, renderAlertTests, ALERT_TESTS_FILE } from './alert-rules.ts';
import { ALERTMANAGER_FILE, renderAlertmanagerConfig } from './alertmanager.ts';
import { renderCompose } from './compose.ts';
import { renderAppServiceDashboard } from './dashboards/app-service.ts';
import { renderElasticsearchDashboard } from './dashboards/elasticsearch.ts';
import { renderKafkaDashboard } from './dashboards/kafka.ts';
import { renderSparkDashboard } from './dashboards/spark.ts';
import { renderElasticsearchYml } from './elasticsearch.ts';
import { renderDashboardProvider, renderDatasource } from './grafana-provisioning.ts';
import type { GeneratedFile } from './header.ts';
import { renderIlmPolicy, renderIndexTemplate } from './index-setup.ts';
import { ENVIRONMENT_COMPONENT, renderEnvironmentComponent, renderKustomization } from './kustomization.ts';
import { renderLogstash } from './logstash.ts';
import { ALERT_RULES_FILE, renderPrometheusConfig } from './prometheus.ts';
import { renderSparkDefaults, renderSparkEnv } from './spark.ts';
import { TERRAFORM_ENVIRONMENTS_FILE, renderTerraformEnvironments } from './terraform.ts';

export type { GeneratedFile } from './header.ts';

export const COMPOSE_FILE = 'compose/compose.yaml';

export function renderEnvironment(env: Environment): GeneratedFile[] {
  const files: Record<string, string> = {
    'logstash.conf': renderLogstash(env),
    'prometheus.yml': renderPrometheusConfig(env),
    [ALERT_RULES_FILE]: renderAlertRules(env),
    [ALERT_TESTS_FILE]: renderAlertTests(env),
    [ALERTMANAGER_FILE]: renderAlertmanagerConfig(env),
    'elasticsearch.yml': renderElasticsearchYml(env),
    'index-template.json': renderIndexTemplate(env),
    'ilm-policy.json': renderIlmPolicy(env),
    'spark-defaults.conf': renderSparkDefaults(env),
    'spark-env.sh': renderSparkEnv(env),
    'grafana/provisioning/datasources/prometheus.yaml': renderDatasource(env),
    'grafana/provisioning/dashboards/dashboards.yaml': renderDashboardProvider(),
    'grafana/dashboards/kafka.json': renderKafkaDashboard(env),
    'grafana/dashboards/elasticsearch.json': renderElasticsearchDashboard(env),
    'grafana/dashboards/spark.json': renderSparkDashboard(env),
    'grafana/dashboards/app-service.json': renderAppServiceDashboard(env),
    'kustomization.yaml': renderKustomization(env),
    [ENVIRONMENT_COMPONENT]: renderEnvironmentComponent(env),
  };
  return Object.entries(files).map(([name, content]) => ({ path: `config/${env.name}/${name}`, content }));
}

/** Every generated file, sorted by path so output and reports are stable. */
export function renderAll(): GeneratedFile[] {
  const files = [
    ...envNames.flatMap((n) => renderEnvironment(environments[n])),
    { path: COMPOSE_FILE, content: renderCompose() },
    { path: TERRAFORM_ENVIRONMENTS_FILE, content: renderTerraformEnvironments(envNames) },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
