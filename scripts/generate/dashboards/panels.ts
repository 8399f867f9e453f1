// Small builders over the Grafana Foundation SDK so each dashboard reads as a list of queries.
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Environment } from '../../environments.ts';
import { jsonFile, MARKER } from '../header.ts';

export interface Query {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  kind: 'stat' | 'timeseries';
  title: string;
  unit?: string;
  description?: string;
  queries: Query[];
}

export const stat = (title: string, expr: string, unit = 'short', description?: string): PanelSpec => ({
  kind: 'stat',
  title,
  unit,
  description,
  queries: [{ expr }],
});

export const series = (title: string, queries: Query[], unit = 'short', description?: string): PanelSpec => ({
  kind: 'timeseries',
  title,
  unit,
  description,
  queries,
});

const REF_IDS = 'ABCDEFGHIJ';

/** Renders a dashboard: stats four to a row first, then time series two to a row. */
export function renderDashboard(env: Environment, uid: string, title: string, panels: PanelSpec[]): string {
  const ds = { type: 'prometheus', uid: env.grafana.datasourceUid };
  const b = new DashboardBuilder(title)
    .uid(uid)
    .description(MARKER)
    .tags(['platform', env.name, 'generated'])
    .editable()
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser');
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  panels.forEach((p, i) => {
    const w = p.kind === 'stat' ? 6 : 12;
    const h = p.kind === 'stat' ? 4 : 8;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const targets = p.queries.map((q, j) => {
      const t = new DataqueryBuilder().expr(q.expr).refId(REF_IDS[j] ?? `Q${j}`).datasource(ds);
      return q.legend ? t.legendFormat(q.legend) : t;
    });
    const grid = { x, y, w, h };
    if (p.kind === 'stat') {
      const panel = new StatBuilder().id(i + 1).title(p.title).datasource(ds).unit(p.unit ?? 'short').gridPos(grid);
      if (p.description) panel.description(p.description);
      targets.forEach((t) => panel.withTarget(t));
      b.withPanel(panel);
    } else {
      const panel = new TimeseriesBuilder().id(i + 1).title(p.title).datasource(ds).unit(p.unit ?? 'short').gridPos(grid);
      if (p.description) panel.description(p.description);
      targets.forEach((t) => panel.withTarget(t));
      b.withPanel(panel);
    }
    x += w;
    rowHeight = Math.max(rowHeight, h);
  });
  return jsonFile('__generated', b.build());
}
