import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BooleanExpression } from '../../scripts/validate/checks/logstash/ast.ts';
import { logstashCheck } from '../../scripts/validate/checks/logstash/check.ts';
import { parseLogstash } from '../../scripts/validate/checks/logstash/parse.ts';
import { plugins, setting } from '../../scripts/validate/checks/logstash/query.ts';
import type { Finding } from '../../scripts/validate/types.ts';
import { fixtureContext } from './context.ts';

const summary = (f: Finding | undefined) => f && { file: f.file, line: f.line, column: f.column, rule: f.rule };

describe('logstash parser', () => {
  const clean = fixtureContext('logstash/clean').files[0]!;

  it('reads the kafka input and elasticsearch output settings other checks compare', () => {
    const parsed = parseLogstash(clean.text);
    assert.ok(parsed.ok);
    const [kafka] = plugins(parsed.config, 'input', 'kafka');
    const [es] = plugins(parsed.config, 'output', 'elasticsearch');
    assert.deepEqual(setting(kafka!.plugin, 'topics'), ['logs-topic']);
    assert.equal(setting(kafka!.plugin, 'bootstrap_servers'), 'kafka:9092');
    assert.deepEqual(setting(es!.plugin, 'hosts'), ['http://elasticsearch:9200']);
    assert.equal(setting(es!.plugin, 'index'), 'dev-logs-index');
    assert.deepEqual([kafka!.plugin.loc.line, kafka!.plugin.loc.column], [3, 3]);
  });

  it('finds plugins inside every branch of a conditional', () => {
    const parsed = parseLogstash(clean.text);
    assert.ok(parsed.ok);
    assert.deepEqual(plugins(parsed.config, 'filter').map((u) => [u.plugin.name, u.conditional]), [
      ['drop', true],
      ['mutate', true],
      ['date', true],
      ['mutate', true],
    ]);
  });

  it('binds and tighter than or, and reads field references, in, not in, regex matches and negation', () => {
    const parsed = parseLogstash('filter { if [a][b] =~ /x\\/y/ or "t" not in [tags] and !([c] > 1) { drop {} } }');
    assert.ok(parsed.ok);
    const branch = parsed.config.sections[0]!.body[0]!;
    assert.equal(branch.type, 'branch');
    const cond = branch.type === 'branch' ? (branch.clauses[0]!.condition as BooleanExpression) : null;
    assert.equal(cond?.operator, 'or');
    assert.equal(cond?.left.type, 'regex-match');
    assert.equal(cond?.right.type, 'boolean');
    const and = cond?.right as BooleanExpression;
    assert.deepEqual([and.operator, and.left.type, and.right.type], ['and', 'in', 'not']);
  });

  it('reports a syntax error at its line and column with what was expected', () => {
    const parsed = parseLogstash('output {\n  stdout { codec => rubydebug }\n  file { path => "/tmp/x" ');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) {
      assert.deepEqual([parsed.error.line, parsed.error.column], [3, 27]);
      assert.match(parsed.error.message, /expected .*"}" but found end of file/);
    }
  });

  it('rejects commas between hash entries, as Logstash does', () => {
    const parsed = parseLogstash('filter { mutate { add_field => { "a" => "b", "c" => "d" } } }');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.equal(parsed.error.column, 44);
  });
});

describe('logstash check', () => {
  it('passes a pipeline of known plugins with known and required settings', async () => {
    assert.deepEqual(await logstashCheck.run(fixtureContext('logstash/clean')), { findings: [], skipped: [] });
  });

  describe('on pipelines with mistakes', async () => {
    const { findings } = await logstashCheck.run(fixtureContext('logstash/mistakes'));

    it('reports a syntax error at its position, saying what was expected', () => {
      const f = findings.find((x) => x.rule === 'logstash-syntax');
      assert.deepEqual(summary(f), { file: 'syntax.conf', line: 4, column: 23, rule: 'logstash-syntax' });
      assert.match(f?.message ?? '', /expected "=>" but found "="/);
    });

    it('reports an unknown setting with a suggestion', () => {
      const f = findings.find((x) => x.rule === 'logstash-option' && x.line === 3);
      assert.equal(f?.file, 'plugins.conf');
      assert.match(f?.message ?? '', /"kafka" has no setting "bootstrap_server" \(did you mean "bootstrap_servers"\?\)/);
    });

    it('reports a missing required setting at the plugin', () => {
      const f = findings.find((x) => x.rule === 'logstash-option' && x.line === 8);
      assert.match(f?.message ?? '', /"json" is missing its required setting "source"/);
    });

    it('reports a value outside a setting\'s fixed list', () => {
      const f = findings.find((x) => x.rule === 'logstash-value');
      assert.deepEqual(summary(f), { file: 'plugins.conf', line: 15, column: 20, rule: 'logstash-value' });
      assert.match(f?.message ?? '', /"ilm_enabled" must be one of "true", "false", "auto", not "flase" \(did you mean "false"\?\)/);
    });

    it('reports two plugins sharing an id at the second', () => {
      const f = findings.find((x) => x.rule === 'logstash-duplicate-id');
      assert.deepEqual(summary(f), { file: 'plugins.conf', line: 9, column: 3, rule: 'logstash-duplicate-id' });
      assert.match(f?.message ?? '', /"parse" is already used by "json" at line 8/);
    });

    it('reports an unknown plugin with a suggestion', () => {
      const f = findings.find((x) => x.rule === 'logstash-plugin');
      assert.deepEqual(summary(f), { file: 'plugins.conf', line: 9, column: 3, rule: 'logstash-plugin' });
      assert.match(f?.message ?? '', /unknown filter plugin "mutat" \(did you mean "mutate"\?\)/);
    });
  });
});
