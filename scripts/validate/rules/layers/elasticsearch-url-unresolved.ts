// elasticsearch-url-unresolved: Logstash and Kibana reach Elasticsearch where they run.
import { option, strings } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { expectReaches, rec, urlList } from './endpoints.ts';
import { logstashPluginsOf } from './pipelines.ts';
import { yamlOf } from './place.ts';

/** Kibana's Docker image connects to this when ELASTICSEARCH_HOSTS / elasticsearch.hosts are unset. */
const KIBANA_IMAGE_DEFAULT = 'http://elasticsearch:9200';

export default defineRule({
  id: 'elasticsearch-url-unresolved',
  severity: 'error',
  description: "Kibana's or Logstash's Elasticsearch URL does not resolve to an Elasticsearch Service (or compose service) and port.",
  scope: 'place',
  run(input) {
    const { place } = input;
    for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
      if (!out.config.client) continue;
      const opt = option(out.plugin, 'hosts');
      const at = out.config.at(opt ? { line: opt.line, column: opt.column } : { line: out.plugin.line, column: 1 });
      const hosts = opt ? strings(opt.value) : ['http://localhost:9200'];
      for (const h of hosts) expectReaches(input, 'elasticsearch', out.config.client, h, at, out.config.scope, `Logstash's elasticsearch output (${out.config.key})`);
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
      if (fromEnv !== undefined) {
        for (const u of urlList(fromEnv)) expectReaches(input, 'elasticsearch', k, u, k.envAt('ELASTICSEARCH_HOSTS'), k.scope, `${k.name} ELASTICSEARCH_HOSTS`);
      } else if (fromYaml.length > 0) {
        for (const { c, urls } of fromYaml) for (const u of urls) expectReaches(input, 'elasticsearch', k, u, c.at(u), c.scope, `Kibana's elasticsearch.hosts (${c.key})`);
      } else {
        expectReaches(input, 'elasticsearch', k, KIBANA_IMAGE_DEFAULT, k.envAt('ELASTICSEARCH_HOSTS'), k.scope, `${k.name} (no ELASTICSEARCH_HOSTS: the image's default)`);
      }
    }
  },
});
