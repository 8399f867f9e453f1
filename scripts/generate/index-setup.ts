// config/<env>/index-template.json and ilm-policy.json, installed by the one-shot set-up (compose service
// `elasticsearch-setup`, Kubernetes Job) before Logstash writes.
//
// Lifecycle, judged honestly: ILM can only roll over an index written through an alias (or a data stream).
// A plain index named `<env>-logs-index` could only be deleted whole, including the newest logs. So
// `<env>-logs-index` is a rollover alias: the set-up bootstraps `<index>-000001` as its write index, Logstash
// keeps writing to the seed's name, ILM rolls over daily or by size and deletes old backing indices by age.
import { indexSetupName, type Environment } from '../environments.ts';
import { jsonFile, MARKER } from './header.ts';

/** The first backing index and the body that makes it the alias's write index (the set-up PUTs it once). */
export const bootstrapIndex = (env: Environment): string => `${env.elasticsearch.index}-000001`;
export const bootstrapBody = (env: Environment): object => ({
  aliases: { [env.elasticsearch.index]: { is_write_index: true } },
});

const keyword = { type: 'keyword', ignore_above: 1024 } as const;

/** ECS fields the producer writes, mapped as ECS defines them. */
export const ecsMappings = {
  '@timestamp': { type: 'date' },
  message: { type: 'match_only_text' },
  log: { properties: { level: keyword, logger: keyword } },
  service: { properties: { name: keyword, version: keyword, environment: keyword } },
  host: { properties: { name: keyword, hostname: keyword } },
  trace: { properties: { id: keyword } },
  span: { properties: { id: keyword } },
  transaction: { properties: { id: keyword } },
  event: { properties: { duration: { type: 'long' }, dataset: keyword, kind: keyword, outcome: keyword } },
  http: {
    properties: {
      request: { properties: { method: keyword, id: keyword } },
      response: { properties: { status_code: { type: 'long' } } },
    },
  },
  url: { properties: { path: keyword, full: { type: 'wildcard' } } },
  user: { properties: { id: keyword } },
  client: { properties: { ip: { type: 'ip' } } },
  error: { properties: { message: { type: 'match_only_text' }, type: keyword, stack_trace: { type: 'wildcard' } } },
  ecs: { properties: { version: keyword } },
  tags: keyword,
} as const;

export function renderIndexTemplate(env: Environment): string {
  const es = env.elasticsearch;
  return jsonFile('_meta', {
    index_patterns: [`${es.index}-*`],
    priority: 200,
    template: {
      settings: {
        'index.number_of_shards': es.shards,
        'index.number_of_replicas': es.replicas,
        'index.lifecycle.name': indexSetupName(env),
        'index.lifecycle.rollover_alias': es.index,
      },
      mappings: {
        // Fields the producer adds later are still indexed, as strings become keywords, not text+keyword pairs.
        dynamic_templates: [{ strings_as_keywords: { match_mapping_type: 'string', mapping: keyword } }],
        properties: ecsMappings,
      },
    },
  });
}

export function renderIlmPolicy(env: Environment): string {
  const es = env.elasticsearch;
  // ILM keeps `_meta` inside `policy`, so the marker is on line 3 of this file.
  const policy = {
    policy: {
      _meta: { generated: MARKER },
      phases: {
        hot: {
          min_age: '0ms',
          actions: {
            rollover: { max_age: es.rolloverMaxAge, max_primary_shard_size: es.rolloverMaxPrimaryShardSize },
            set_priority: { priority: 100 },
          },
        },
        delete: { min_age: es.deleteAfter, actions: { delete: {} } },
      },
    },
  };
  return `${JSON.stringify(policy, null, 2)}\n`;
}
