// The seed architecture's values, exactly, in the generated files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { generated } from './helpers.ts';
import { envNames } from '../../scripts/environments.ts';

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: { names: string[]; type: string; port: number }[];
}

const scrapeConfigs = (env: string): ScrapeConfig[] =>
  (parse(generated(`config/${env}/prometheus.yml`)) as { scrape_configs: ScrapeConfig[] }).scrape_configs;
const staticTargets = (env: string): string[] => scrapeConfigs(env).flatMap((j) => j.static_configs?.flatMap((s) => s.targets) ?? []);

/** `key => "value"` or `key => ["value"]` inside the named plugin block of a generated logstash.conf. */
function logstashOption(env: string, key: string): string | undefined {
  const m = new RegExp(`^\\s*${key} => \\[?"([^"]+)"\\]?`, 'm').exec(generated(`config/${env}/logstash.conf`));
  return m?.[1];
}

test('dev Logstash reads logs-topic and writes dev-logs-index', () => {
  assert.equal(logstashOption('dev', 'topics'), 'logs-topic');
  assert.equal(logstashOption('dev', 'index'), 'dev-logs-index');
  assert.equal(logstashOption('dev', 'group_id'), 'logstash-dev');
});

test('prod Logstash reads prod-logs-topic and writes prod-logs-index', () => {
  assert.equal(logstashOption('prod', 'topics'), 'prod-logs-topic');
  assert.equal(logstashOption('prod', 'index'), 'prod-logs-index');
  assert.equal(logstashOption('prod', 'group_id'), 'logstash-prod');
});

test('prod Logstash takes Elasticsearch credentials from the environment, dev has none', () => {
  assert.equal(logstashOption('prod', 'user'), '${ES_USER}');
  assert.equal(logstashOption('prod', 'password'), '${ES_PASSWORD}');
  assert.equal(logstashOption('dev', 'user'), undefined);
});

test('dev Elasticsearch is the single node dev-elasticsearch-cluster without security', () => {
  const yml = parse(generated('config/dev/elasticsearch.yml')) as Record<string, unknown>;
  assert.equal(yml['cluster.name'], 'dev-elasticsearch-cluster');
  assert.equal(yml['discovery.type'], 'single-node');
  assert.equal(yml['network.host'], '0.0.0.0');
  assert.equal(yml['xpack.security.enabled'], false);
});

test('prod Elasticsearch is prod-elasticsearch-cluster with node names, data and log paths, security, transport and HTTP TLS, zone awareness', () => {
  const yml = parse(generated('config/prod/elasticsearch.yml')) as Record<string, unknown>;
  assert.equal(yml['cluster.name'], 'prod-elasticsearch-cluster');
  assert.equal(yml['node.name'], '${HOSTNAME}');
  assert.equal(yml['path.data'], '/usr/share/elasticsearch/data');
  assert.equal(yml['path.logs'], '/usr/share/elasticsearch/logs');
  assert.deepEqual(yml['discovery.seed_hosts'], ['elasticsearch-headless']);
  // Only for the first formation: the start script passes it while the data directory is empty.
  assert.equal(yml['cluster.initial_master_nodes'], undefined);
  assert.equal(yml['node.attr.zone'], '${NODE_ZONE}');
  assert.equal(yml['cluster.routing.allocation.awareness.attributes'], 'zone');
  assert.equal(yml['xpack.security.enabled'], true);
  assert.equal(yml['xpack.security.http.ssl.enabled'], true);
  assert.equal(yml['xpack.security.transport.ssl.enabled'], true);
  assert.equal(yml['xpack.security.transport.ssl.certificate_authorities']?.toString(), '/usr/share/elasticsearch/config/certs/ca.crt');
  assert.equal(yml['discovery.type'], undefined);
});

test('app-service:8000 is scraped in prod only', () => {
  assert.ok(staticTargets('prod').includes('app-service:8000'));
  assert.ok(!staticTargets('dev').some((t) => t.startsWith('app-service')));
});

test('Prometheus scrapes exporters and Spark servlets, never Kafka 9092 or Elasticsearch 9200', () => {
  for (const env of envNames) {
    const targets = staticTargets(env);
    for (const t of ['kafka-exporter:9308', 'elasticsearch-exporter:9114', 'spark-master:8080', 'localhost:9090']) {
      assert.ok(targets.includes(t), `${env}: ${t}`);
    }
    assert.ok(!targets.includes('kafka:9092') && !targets.includes('elasticsearch:9200'), env);
    const jobs = Object.fromEntries(scrapeConfigs(env).map((j) => [j.job_name, j]));
    assert.equal(jobs['spark-master']?.metrics_path, '/metrics/master/prometheus/');
    assert.equal(jobs['spark-worker']?.metrics_path, '/metrics/prometheus/');
    assert.deepEqual(jobs['spark-worker']?.dns_sd_configs, [{ names: ['spark-worker'], type: 'A', port: 8081, refresh_interval: '30s' }]);
  }
});

test('Spark runs against spark://spark-master:7077 with event logs and the Prometheus servlet on', () => {
  const conf = generated('config/dev/spark-defaults.conf');
  assert.match(conf, /^spark\.master\s+spark:\/\/spark-master:7077$/m);
  assert.match(conf, /^spark\.eventLog\.enabled\s+true$/m);
  assert.match(conf, /^spark\.eventLog\.dir\s+\S+$/m);
  assert.match(conf, /^spark\.metrics\.conf\.\*\.sink\.prometheusServlet\.class\s+org\.apache\.spark\.metrics\.sink\.PrometheusServlet$/m);
  assert.match(conf, /^spark\.metrics\.conf\.master\.sink\.prometheusServlet\.path\s+\/metrics\/master\/prometheus$/m);
  assert.match(conf, /^spark\.ui\.prometheus\.enabled\s+true$/m);
  const sh = generated('config/prod/spark-env.sh');
  for (const v of ['SPARK_MASTER_HOST', 'SPARK_WORKER_CORES', 'SPARK_WORKER_MEMORY']) assert.match(sh, new RegExp(`^export ${v}=`, 'm'));
});

test('the Grafana data source is the default one, at http://prometheus:9090, with a fixed uid', () => {
  const ds = (parse(generated('config/prod/grafana/provisioning/datasources/prometheus.yaml')) as {
    datasources: Record<string, unknown>[];
  }).datasources;
  assert.equal(ds.length, 1);
  assert.equal(ds[0]?.url, 'http://prometheus:9090');
  assert.equal(ds[0]?.isDefault, true);
  assert.equal(ds[0]?.uid, 'prometheus');
});
