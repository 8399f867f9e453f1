// grafana-datasource-unresolved: Grafana's Prometheus data sources reach Prometheus where Grafana runs
// (a changed Prometheus Service port is one finding at the Service: layers/service-port.ts).
import { defineRule } from '../rule.ts';
import { expectReach, rec } from './endpoints.ts';
import { yamlOf } from './place.ts';
import type { AddressUse } from './service-port.ts';

export default defineRule({
  id: 'grafana-datasource-unresolved',
  severity: 'error',
  description: "A Grafana Prometheus data source URL does not resolve to Prometheus's Service (or compose service) and port.",
  scope: 'place',
  run(input) {
    const uses: AddressUse[] = [];
    for (const c of input.place.configs('grafana')) {
      const client = c.client;
      const sources = rec(yamlOf(c)).datasources;
      if (!client || !Array.isArray(sources)) continue;
      for (const ds of sources.map(rec)) {
        if (ds.type !== 'prometheus' || typeof ds.url !== 'string') continue;
        const raw = ds.url;
        uses.push({ client, raw, at: () => c.at(raw), scope: c.scope, who: `Grafana data source ${String(ds.name ?? ds.uid ?? '')} (${c.key})` });
      }
    }
    expectReach(input, 'grafana-datasource-unresolved', 'prometheus', uses);
  },
});
