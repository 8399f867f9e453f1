// elasticsearch-url-unresolved: Logstash and Kibana reach Elasticsearch where they run (a changed
// Elasticsearch Service port is one finding at the Service: layers/service-port.ts).
import { option, strings } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { expectReach, rec, urlList } from './endpoints.ts';
import { logstashPluginsOf } from './pipelines.ts';
import { yamlOf } from './place.ts';
import type { AddressUse } from './service-port.ts';

/** Kibana's Docker image connects to this when ELASTICSEARCH_HOSTS / elasticsearch.hosts are unset. */
const KIBANA_IMAGE_DEFAULT = 'http://elasticsearch:9200';

export default defineRule({
  id: 'elasticsearch-url-unresolved',
  severity: 'error',
  description: "Kibana's or Logstash's Elasticsearch URL does not resolve to an Elasticsearch Service (or compose service) and port.",
  scope: 'place',
  run(input) {
    const { place } = input;
    const uses: AddressUse[] = [];
    for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
      const client = out.config.client;
      if (!client) continue;
      const opt = option(out.plugin, 'hosts');
      const at = out.config.at(opt ? { line: opt.line, column: opt.column } : { line: out.plugin.line, column: 1 });
      const hosts = opt ? strings(opt.value) : ['http://localhost:9200'];
      for (const raw of hosts) uses.push({ client, raw, at: () => at, scope: out.config.scope, who: `Logstash's elasticsearch output (${out.config.key})` });
    }
    const kibanaYaml = place.configs('kibana').filter((c) => c.key === 'kibana.yml');
    for (const k of place.clients('kibana')) {
      const fromEnv = k.env.ELASTICSEARCH_HOSTS;
      const yml = kibanaYaml.filter((c) => c.client?.self === k.self);
      const fromYaml = yml.flatMap((c) => {
        const doc = rec(yamlOf(c));
        const v = doc['elasticsearch.hosts'] ?? rec(doc.elasticsearch).hosts;
        return v === undefined ? [] : [{ c, urls: Array.isArray(v) ? v.map(String) : urlList(String(v)) }];
      });
      const at = () => k.envAt('ELASTICSEARCH_HOSTS');
      if (fromEnv !== undefined) {
        for (const raw of urlList(fromEnv)) uses.push({ client: k, raw, at, scope: k.scope, who: `${k.name} ELASTICSEARCH_HOSTS` });
      } else if (fromYaml.length > 0) {
        for (const { c, urls } of fromYaml) for (const raw of urls) uses.push({ client: k, raw, at: () => c.at(raw), scope: c.scope, who: `Kibana's elasticsearch.hosts (${c.key})` });
      } else {
        uses.push({ client: k, raw: KIBANA_IMAGE_DEFAULT, at, scope: k.scope, who: `${k.name} (no ELASTICSEARCH_HOSTS: the image's default)` });
      }
    }
    expectReach(input, 'elasticsearch-url-unresolved', 'elasticsearch', uses);
  },
});
