// Grafana provisioning: the Prometheus data source (fixed uid, so dashboards can name it) and the file
// provider that loads the generated dashboards from /var/lib/grafana/dashboards.
import { services, type Environment } from '../environments.ts';
import { yamlFile } from './header.ts';

export const DASHBOARDS_DIR = '/var/lib/grafana/dashboards';

export function renderDatasource(env: Environment): string {
  return yamlFile({
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: env.grafana.datasourceUid,
        type: 'prometheus',
        access: 'proxy',
        url: `http://${services.prometheus.host}:${services.prometheus.port}`,
        isDefault: true,
        editable: false,
        jsonData: { timeInterval: env.prometheus.scrapeInterval },
      },
    ],
  });
}

export function renderDashboardProvider(): string {
  return yamlFile({
    apiVersion: 1,
    providers: [
      {
        name: 'platform',
        orgId: 1,
        folder: 'Platform',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 60,
        options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: false },
      },
    ],
  });
}
