// The small readers the cross-layer rules rely on: Logstash plugin options, compose interpolation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate } from '../../scripts/validate/rules/compose.ts';
import { logstashPlugins, option, strings } from '../../scripts/validate/rules/logstash.ts';

const pipeline = `# comment with { braces }
input {
  kafka {
    bootstrap_servers => "kafka:9092"
    topics => ["a", 'b']
    codec => json { charset => "UTF-8" }
  }
}
output {
  if [log][level] == "debug" {
    stdout { codec => rubydebug }
  } else if "x" in [tags] {
    elasticsearch { hosts => ["http://es:9200"] index => "idx" }
  } else {
    elasticsearch {
      hosts => "http://es:9200"
    }
  }
}
`;

test('logstash: plugins are read with their section, options and positions', () => {
  const [kafka] = logstashPlugins(pipeline);
  assert.equal(kafka?.section, 'input');
  assert.equal(kafka?.name, 'kafka');
  assert.deepEqual(strings(option(kafka!, 'topics')?.value), ['a', 'b']);
  assert.equal(option(kafka!, 'codec')?.value, 'json');
  assert.deepEqual([option(kafka!, 'bootstrap_servers')?.line, option(kafka!, 'bootstrap_servers')?.column], [4, 26]);
});

test('logstash: plugins inside conditionals count', () => {
  const outputs = logstashPlugins(pipeline).filter((p) => p.section === 'output').map((p) => p.name);
  assert.deepEqual(outputs, ['stdout', 'elasticsearch', 'elasticsearch']);
});

test('compose: ${VAR}, ${VAR:-default} and $$ interpolate like docker compose', () => {
  const vars = { TAG: '7.7.1', EMPTY: '' };
  assert.equal(interpolate('cp-kafka:${TAG}', vars), 'cp-kafka:7.7.1');
  assert.equal(interpolate('x:${MISSING:-1.0}', vars), 'x:1.0');
  assert.equal(interpolate('x:${EMPTY:-d}/${EMPTY-d}', vars), 'x:d/');
  assert.equal(interpolate('$$HOME', vars), '$HOME');
});
