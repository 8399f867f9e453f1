// The Elasticsearch index template and lifecycle policy for the log indices.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generated } from './helpers.ts';
import { envNames, environments } from '../../scripts/environments.ts';

type Mapping = { type?: string; properties?: Record<string, Mapping> };
interface Template {
  _meta: { generated: string };
  index_patterns: string[];
  template: { settings: Record<string, unknown>; mappings: { properties: Record<string, Mapping> } };
}

/** The mapping type of a dotted ECS field, e.g. `http.response.status_code` (`@timestamp` has no dots). */
function typeOf(properties: Record<string, Mapping>, field: string): string | undefined {
  const direct = properties[field];
  if (direct) return direct.type;
  const [head = '', ...rest] = field.split('.');
  const node = properties[head];
  return node && rest.length ? typeOf(node.properties ?? {}, rest.join('.')) : undefined;
}

test('the template maps the ECS fields the producer writes', () => {
  const t = JSON.parse(generated('config/dev/index-template.json')) as Template;
  const p = t.template.mappings.properties;
  const expected: Record<string, string> = {
    '@timestamp': 'date',
    'log.level': 'keyword',
    message: 'match_only_text',
    'service.name': 'keyword',
    'host.name': 'keyword',
    'trace.id': 'keyword',
    'http.request.method': 'keyword',
    'http.response.status_code': 'long',
    'url.path': 'keyword',
    'event.duration': 'long',
  };
  for (const [field, type] of Object.entries(expected)) assert.equal(typeOf(p, field), type, field);
});

test("each environment's template covers the backing indices of its rollover alias, under its ILM policy", () => {
  for (const env of envNames) {
    const { index, replicas } = environments[env].elasticsearch;
    const t = JSON.parse(generated(`config/${env}/index-template.json`)) as Template;
    assert.deepEqual(t.index_patterns, [`${index}-*`]);
    assert.equal(t.template.settings['index.lifecycle.name'], `logs-${env}`);
    assert.equal(t.template.settings['index.lifecycle.rollover_alias'], index);
    assert.equal(t.template.settings['index.number_of_replicas'], replicas);
  }
});

test('the lifecycle rolls the write index over and deletes old indices by age', () => {
  const policy = JSON.parse(generated('config/prod/ilm-policy.json')) as {
    policy: { phases: { hot: { actions: { rollover: Record<string, string> } }; delete: { min_age: string; actions: object } } };
  };
  assert.ok(policy.policy.phases.hot.actions.rollover.max_age);
  assert.ok(policy.policy.phases.hot.actions.rollover.max_primary_shard_size);
  assert.equal(policy.policy.phases.delete.min_age, '30d');
  assert.deepEqual(policy.policy.phases.delete.actions, { delete: {} });
});

test('the compose set-up installs policy and template, then bootstraps the alias only once', () => {
  const compose = generated('compose/compose.yaml');
  assert.match(compose, /_ilm\/policy\/logs-dev/);
  assert.match(compose, /_index_template\/logs-dev/);
  assert.match(compose, /if ! curl -fsS -o \/dev\/null http:\/\/elasticsearch:9200\/_alias\/dev-logs-index; then/);
  assert.match(compose, /dev-logs-index-000001/);
});
