// grafana-datasource-unresolved: Grafana's Prometheus data sources reach Prometheus where Grafana runs.
import { defineRule } from '../rule.ts';
import { expectReaches, rec } from './endpoints.ts';
import { yamlOf } from './place.ts';

export default defineRule({
  id: 'grafana-datasource-unresolved',
  severity: 'error',
  description: "A Grafana Prometheus data source URL does not resolve to Prometheus's Service (or compose service) and port.",
  scope: 'place',
  run(input) {
    const { place } = input;
    for (const c of place.configs('grafana')) {
      if (!c.client) continue;
      const sources = rec(yamlOf(c)).datasources;
      if (!Array.isArray(sources)) continue;
      for (const ds of sources.map(rec)) {
        if (ds.type !== 'prometheus' || typeof ds.url !== 'string') continue;
        expectReaches(input, 'prometheus', c.client, ds.url, c.at(ds.url), c.scope, `Grafana data source ${String(ds.name ?? ds.uid ?? '')} (${c.key})`);
      }
    }
  },
});
