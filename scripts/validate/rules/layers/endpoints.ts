// elasticsearch-url-unresolved and grafana-datasource-unresolved: the URLs Logstash, Kibana and
// Grafana are configured with reach Elasticsearch and Prometheus where they run.
import type { RuleId } from '../catalog.ts';
import { option, strings } from '../logstash.ts';
import type { FindingSink } from '../sink.ts';
import { parseAddress } from '../resolve.ts';
import type { WaiverScope } from '../waivers.ts';
import { logstashPluginsOf } from './kafka.ts';
import { runs, yamlOf, type Client, type Component, type Place } from './place.ts';
import type { SourceLocation } from '../../types.ts';

/** Kibana's Docker image connects to this when ELASTICSEARCH_HOSTS / elasticsearch.hosts are unset. */
const KIBANA_IMAGE_DEFAULT = 'http://elasticsearch:9200';

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `["http://a:9200","http://b:9200"]`, `http://a:9200,http://b:9200` or one URL. */
export function urlList(v: string): string[] {
  const s = v.trim();
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* not JSON: fall through to a comma list */
    }
  }
  return s.replace(/^\[|\]$/g, '').split(/[,\s]+/).map((u) => u.replace(/^["']|["']$/g, '')).filter(Boolean);
}

function expect(place: Place, sink: FindingSink, rule: RuleId, what: Component, from: Client, url: string, at: SourceLocation, scope: WaiverScope, who: string): void {
  const addr = parseAddress(url);
  const r = addr ? place.resolve(addr, from) : undefined;
  if (!r || !r.ok) sink.report(rule, at, `${who} points at ${url}, which does not resolve in ${place.label}: ${r?.describe ?? 'not a URL'}`, scope, place.label);
  else if (!runs(r.images, what)) sink.report(rule, at, `${who} points at ${url}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not ${what}` : 'whose selector matches no pods'}`, scope, place.label);
}

export function checkElasticsearchUrls(place: Place, sink: FindingSink): void {
  for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
    if (!out.config.client) continue;
    const opt = option(out.plugin, 'hosts');
    const at = out.config.at(opt ? { line: opt.line, column: opt.column } : { line: out.plugin.line, column: 1 });
    const hosts = opt ? strings(opt.value) : ['http://localhost:9200'];
    for (const h of hosts) expect(place, sink, 'elasticsearch-url-unresolved', 'elasticsearch', out.config.client, h, at, out.config.scope, `Logstash's elasticsearch output (${out.config.key})`);
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
      for (const u of urlList(fromEnv)) expect(place, sink, 'elasticsearch-url-unresolved', 'elasticsearch', k, u, k.envAt('ELASTICSEARCH_HOSTS'), k.scope, `${k.name} ELASTICSEARCH_HOSTS`);
    } else if (fromYaml.length > 0) {
      for (const { c, urls } of fromYaml) for (const u of urls) expect(place, sink, 'elasticsearch-url-unresolved', 'elasticsearch', k, u, c.at(u), c.scope, `Kibana's elasticsearch.hosts (${c.key})`);
    } else {
      expect(place, sink, 'elasticsearch-url-unresolved', 'elasticsearch', k, KIBANA_IMAGE_DEFAULT, k.envAt('ELASTICSEARCH_HOSTS'), k.scope, `${k.name} (no ELASTICSEARCH_HOSTS: the image's default)`);
    }
  }
}

export function checkGrafanaDatasources(place: Place, sink: FindingSink): void {
  for (const c of place.configs('grafana')) {
    if (!c.client) continue;
    const sources = rec(yamlOf(c)).datasources;
    if (!Array.isArray(sources)) continue;
    for (const ds of sources.map(rec)) {
      if (ds.type !== 'prometheus' || typeof ds.url !== 'string') continue;
      expect(place, sink, 'grafana-datasource-unresolved', 'prometheus', c.client, ds.url, c.at(ds.url), c.scope, `Grafana data source ${String(ds.name ?? ds.uid ?? '')} (${c.key})`);
    }
  }
}
