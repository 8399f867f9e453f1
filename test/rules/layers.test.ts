// Agreement across layers, per environment (issue 7, part 3): overlays/dev, config/dev and the
// compose stack of the fixture `layers` each hold one mistake of every kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureContext, runRules } from './context.ts';
import { specifyRule } from './waivable.ts';

const fixture = 'layers';
const overlay = 'overlays/dev/objects.yaml';
const producer = [{ kind: 'Deployment', name: 'producer' }];

specifyRule({ rule: 'topic-mismatch', mistake: "a producer topic that is not the environment's", fixture, file: overlay, line: 19, waive: producer });
specifyRule({ rule: 'broker-mismatch', mistake: 'a producer bootstrap port the Kafka Service does not serve', fixture, file: overlay, line: 21, waive: producer });
specifyRule({
  rule: 'index-mismatch',
  mistake: "a Logstash index that is not the environment's, in the file the overlay and compose both mount",
  fixture,
  file: 'config/dev/logstash.conf',
  line: 11,
  waive: [{ kind: 'ConfigMap', name: 'logstash-pipeline' }, { compose: 'logstash' }],
});
specifyRule({
  rule: 'prometheus-target-unresolved',
  mistake: 'a scrape target no Service or compose service serves',
  fixture,
  file: 'config/dev/prometheus.yml',
  line: 7,
  waive: [{ kind: 'Deployment', name: 'prometheus' }, { compose: 'prometheus' }],
});
specifyRule({ rule: 'elasticsearch-url-unresolved', mistake: "Kibana's ELASTICSEARCH_HOSTS naming no Service", fixture, file: overlay, line: 137, waive: [{ kind: 'Deployment', name: 'kibana' }] });
specifyRule({
  rule: 'grafana-datasource-unresolved',
  mistake: "a data source URL on a port Prometheus's Service does not serve",
  fixture,
  file: 'config/dev/grafana/datasources/prometheus.yaml',
  line: 5,
  waive: [{ kind: 'ConfigMap', name: 'grafana-datasources' }, { compose: 'grafana' }],
});
specifyRule({ rule: 'argocd-path', mistake: 'an Application syncing a directory that does not exist', fixture, file: 'clusters/dev/objects.yaml', line: 27, waive: [{ kind: 'Application', name: 'platform-missing' }] });
specifyRule({ rule: 'argocd-namespace', mistake: "an Application deploying into another namespace than the overlay's", fixture, file: 'clusters/dev/objects.yaml', line: 15, waive: [{ kind: 'Application', name: 'platform-dev' }] });
specifyRule({ rule: 'image-version-drift', mistake: 'a compose image tag the dev overlay does not run', fixture, file: 'compose/compose.yaml', line: 5, waive: [{ compose: 'kafka' }] });

test('elasticsearch-url-unresolved: a compose list-form variable is reported at its own line', async () => {
  const ctx = fixtureContext(fixture);
  const compose = ctx.files.find((f) => f.path === 'compose/compose.yaml')!;
  compose.text = compose.text.replace('ELASTICSEARCH_HOSTS=http://elasticsearch:9200', 'ELASTICSEARCH_HOSTS=http://elastic:9200');
  const found = (await runRules(ctx)).filter((f) => f.rule === 'elasticsearch-url-unresolved' && f.file === 'compose/compose.yaml');
  assert.deepEqual(found.map((f) => f.line), [22]);
  assert.match(found[0]!.message, /no compose service.*"elastic"/);
});
