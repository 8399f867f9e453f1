// Least privilege and encryption wherever Elasticsearch security is on (prod; issue 16, item 2,
// Elasticsearch side): every client reaches Elasticsearch over verified HTTPS as a user limited to its
// job; only Elasticsearch and the set-up Job know the elastic superuser's password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Container, SecretVolumeSource } from 'kubernetes-types/core/v1.js';
import { envNames, environments } from '../../scripts/environments.ts';
import { find, overlay, podSpec, repoRoot, workloads, type Obj } from './render.ts';

const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8');
const containerOf = (o: Obj, name: string): Container => {
  const c = podSpec(o).containers.find((x) => x.name === name);
  assert.ok(c, `${o.metadata.name}/${name}`);
  return c;
};
const envOf = (c: Container, name: string): string | undefined => c.env?.find((e) => e.name === name)?.value;
const SUPERUSER_SECRET = 'elasticsearch-credentials';
/** The environments whose Elasticsearch has security on: named by the typed source, not by name. */
const SECURED = envNames.filter((n) => environments[n].elasticsearch.security);

test('at least one environment has Elasticsearch security on, so the checks below run', () => {
  assert.ok(SECURED.length > 0, 'no environment in scripts/environments.ts sets elasticsearch.security');
});

for (const env of SECURED) {
  test(`${env}: Elasticsearch serves HTTP over TLS with the certificates of Secret elasticsearch-certs`, () => {
    const yml = parse(read(`config/${env}/elasticsearch.yml`)) as Record<string, unknown>;
    assert.equal(yml['xpack.security.http.ssl.enabled'], true);
    assert.equal(yml['xpack.security.http.ssl.certificate'], '/usr/share/elasticsearch/config/certs/tls.crt');
  });

  test(`${env}: Logstash's elasticsearch output uses https, verifies the certificate, and is not the superuser`, () => {
    const output = /output\s*\{[\s\S]*?elasticsearch\s*\{([\s\S]*?)\n  \}/.exec(read(`config/${env}/logstash.conf`))?.[1] ?? '';
    assert.match(output, /hosts => \["https:\/\/elasticsearch:9200"\]/);
    assert.match(output, /ssl_certificate_authorities => \["\/etc\/elasticsearch-ca\/ca\.crt"\]/);
    assert.match(output, /ssl_verification_mode => "full"/);
    assert.doesNotMatch(output, /user => "elastic"/);
  });

  test(`${env}: Kibana, the exporter and the set-up Job reach Elasticsearch over https with the CA mounted`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const kibana = containerOf(find(objects, 'Deployment', 'kibana'), 'kibana');
    assert.equal(envOf(kibana, 'ELASTICSEARCH_HOSTS'), '["https://elasticsearch:9200"]');
    assert.equal(envOf(kibana, 'ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES'), '/etc/elasticsearch-ca/ca.crt');
    const exporter = containerOf(find(objects, 'Deployment', 'elasticsearch-exporter'), 'elasticsearch-exporter');
    assert.ok(exporter.args?.includes('--es.uri=https://elasticsearch:9200'), String(exporter.args));
    assert.ok(exporter.args?.includes('--es.ca=/etc/elasticsearch-ca/ca.crt'));
    const setup = containerOf(find(objects, 'Job', 'elasticsearch-setup'), 'elasticsearch-setup');
    assert.equal(envOf(setup, 'ES_URL'), 'https://elasticsearch:9200');
    for (const name of ['kibana', 'elasticsearch-exporter', 'logstash', 'elasticsearch-setup']) {
      const w: Obj | undefined = workloads(objects).find((o) => o.metadata.name === name);
      assert.ok(w, name);
      const ca: SecretVolumeSource | undefined = podSpec(w).volumes?.find((v) => v.name === 'elasticsearch-ca')?.secret;
      assert.deepEqual(ca?.items?.map((i) => i.key), ['ca.crt'], `${name} mounts the CA and never the node key`);
    }
  });

  test(`${env}: only Elasticsearch and the set-up Job read the elastic superuser's Secret`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      const readers = podSpec(w).containers.filter((c) => (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef?.name === SUPERUSER_SECRET));
      if (['elasticsearch', 'elasticsearch-setup'].includes(w.metadata.name)) continue;
      assert.deepEqual(readers.map((c) => c.name), [], `${w.metadata.name} logs in as the superuser`);
    }
    const exporter = containerOf(find(objects, 'Deployment', 'elasticsearch-exporter'), 'elasticsearch-exporter');
    assert.equal(exporter.env?.find((e) => e.name === 'ES_USERNAME')?.valueFrom?.secretKeyRef?.name, 'elasticsearch-exporter-credentials');
  });
}

test('the set-up Job creates logstash_writer limited to the log indices, and a monitoring user without read access', () => {
  const setup = read('base/elasticsearch-setup/setup.sh');
  assert.match(setup, /"names":\["%s","%s-\*"\],"privileges":\["create_doc","index","view_index_metadata"\]/);
  assert.match(setup, /_security\/user\/logstash_writer/);
  assert.match(setup, /\{"cluster":\["monitor"\],"indices":\[\{"names":\["\*"\],"privileges":\["monitor"\]\}\]\}/);
  assert.match(setup, /_security\/user\/platform_monitoring/);
});
