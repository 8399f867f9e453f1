// How the components find each other: generated ConfigMaps at the contract's paths, the data flows the
// NetworkPolicies allow, and the order Argo CD brings them up in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Container, PodSpec, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1.js';
import { local } from '../../scripts/environments.ts';
import { ENVS, find, forProduction, overlay, podSpec, podTemplate, unhashed, workloads, type Obj } from './render.ts';

/** ConfigMap (as in CONTRACT.md) → workload, container and mount path. */
const MOUNTS: [string, string, string][] = [
  ['logstash-pipeline', 'logstash', '/usr/share/logstash/pipeline'],
  ['prometheus-config', 'prometheus', '/etc/prometheus'],
  ['elasticsearch-config', 'elasticsearch', '/usr/share/elasticsearch/config/elasticsearch.yml'],
  ['spark-config', 'spark-master', '/opt/spark/conf'],
  ['spark-config', 'spark-worker', '/opt/spark/conf'],
  ['grafana-datasources', 'grafana', '/etc/grafana/provisioning/datasources'],
  ['grafana-dashboard-providers', 'grafana', '/etc/grafana/provisioning/dashboards'],
  ['grafana-dashboards', 'grafana', '/var/lib/grafana/dashboards'],
  ['elasticsearch-index-setup', 'elasticsearch-setup', '/opt/index-setup'],
];

/** Every flow of the platform: client workload → server workload on the server's port. */
const FLOWS: [string, string, number][] = [
  ['kafka', 'zookeeper', 2181],
  ['zookeeper', 'zookeeper', 2888],
  ['zookeeper', 'zookeeper', 3888],
  ['kafka', 'kafka', 9092],
  ['producer', 'kafka', 9092],
  ['logstash', 'kafka', 9092],
  ['kafka-exporter', 'kafka', 9092],
  ['kafka-topics', 'kafka', 9092],
  ['logstash', 'elasticsearch', 9200],
  ['kibana', 'elasticsearch', 9200],
  ['elasticsearch-exporter', 'elasticsearch', 9200],
  ['elasticsearch-setup', 'elasticsearch', 9200],
  ['elasticsearch', 'elasticsearch', 9300],
  ['grafana', 'prometheus', 9090],
  ['spark-worker', 'spark-master', 7077],
  ['spark-master', 'spark-worker', 7078],
];

/** Flows that must stay closed: a client that has no business with that server. */
const CLOSED: [string, string, number][] = [
  ['producer', 'elasticsearch', 9200],
  ['kibana', 'kafka', 9092],
  ['app-service', 'kafka', 9092],
  ['logstash', 'zookeeper', 2181],
  ['grafana', 'elasticsearch', 9200],
  ['kibana', 'elasticsearch', 9300],
];

const podLabels = (objects: Obj[], name: string): Record<string, string> => {
  const w = workloads(objects).find((x) => x.metadata.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  return podTemplate(w).metadata?.labels ?? {};
};

const policies = (objects: Obj[]): NetworkPolicy[] =>
  objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** A peer list allows a pod of the same namespace: absent (anyone) or a pod selector that matches it. */
const peerAllows = (peers: NetworkPolicyPeer[] | undefined, labels: Record<string, string>): boolean =>
  peers === undefined || peers.some((p) => !p.namespaceSelector && !p.ipBlock && matches(p.podSelector?.matchLabels, labels));
const portAllows = (ports: NetworkPolicyPort[] | undefined, port: number): boolean =>
  ports === undefined || ports.some((p) => p.port === port);

function allowed(objects: Obj[], from: string, to: string, port: number): { egress: boolean; ingress: boolean } {
  const client = podLabels(objects, from);
  const server = podLabels(objects, to);
  const applying = (labels: Record<string, string>) =>
    policies(objects).filter((p) => matches(p.spec?.podSelector?.matchLabels, labels));
  const egress = applying(client).some((p) => (p.spec?.egress ?? []).some((r) => peerAllows(r.to, server) && portAllows(r.ports, port)));
  const ingress = applying(server).some((p) => (p.spec?.ingress ?? []).some((r) => peerAllows(r.from, client) && portAllows(r.ports, port)));
  return { egress, ingress };
}

const configMapRefs = (pod: PodSpec): string[] => {
  const containers: Container[] = [...(pod.initContainers ?? []), ...pod.containers];
  return [
    ...(pod.volumes ?? []).flatMap((v) => (v.configMap?.name ? [v.configMap.name] : [])),
    ...containers.flatMap((c) => (c.envFrom ?? []).flatMap((e) => (e.configMapRef?.name ? [e.configMapRef.name] : []))),
    ...containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.configMapKeyRef?.name ? [e.valueFrom.configMapKeyRef.name] : []))),
  ];
};

const wave = (o: Obj): number => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0');

for (const env of ENVS) {
  test(`${env}: every ConfigMap a pod refers to is rendered, under its hashed name`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const configMaps = new Set(objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name));
    for (const w of workloads(objects)) {
      for (const name of configMapRefs(podSpec(w))) {
        assert.ok(configMaps.has(name), `${w.metadata.name} refers to ConfigMap ${name}, which is not rendered`);
        assert.notEqual(unhashed(name), name, `${w.metadata.name}: ConfigMap ${name} has no hash suffix, a change would not roll the pods`);
      }
    }
  });

  test(`${env}: generated configuration is mounted where the contract says`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const [configMap, workload, path] of MOUNTS) {
      const w: Obj | undefined = workloads(objects).find((x) => x.metadata.name === workload);
      assert.ok(w, workload);
      const volume = podSpec(w).volumes?.find((v) => v.configMap && unhashed(v.configMap.name ?? '') === configMap);
      assert.ok(volume, `${workload} has no volume of ConfigMap ${configMap}`);
      const mounts: VolumeMount[] = podSpec(w).containers.flatMap((c) => c.volumeMounts ?? []).filter((m) => m.name === volume.name);
      assert.deepEqual(mounts.map((m) => m.mountPath), [path], `${workload}: ${configMap}`);
    }
  });

  test(`${env}: NetworkPolicies deny by default and leave DNS open to every pod`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const deny = policies(objects).find((p) => p.metadata?.name === 'default-deny');
    assert.deepEqual(deny?.spec?.podSelector, {});
    assert.deepEqual(deny?.spec?.policyTypes, ['Ingress', 'Egress']);
    assert.equal(deny?.spec?.ingress, undefined);
    assert.equal(deny?.spec?.egress, undefined);
    const dns = policies(objects).find((p) => p.metadata?.name === 'allow-dns');
    assert.deepEqual(dns?.spec?.podSelector, {});
    assert.deepEqual(dns?.spec?.egress?.[0]?.ports?.map((p) => `${p.protocol}/${p.port}`), ['UDP/53', 'TCP/53']);
  });

  test(`${env}: every data flow of the platform is allowed on both sides`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const [from, to, port] of FLOWS) {
      assert.deepEqual(allowed(objects, from, to, port), { egress: true, ingress: true }, `${from} → ${to}:${port}`);
    }
  });

  test(`${env}: flows outside the platform's design stay closed`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const [from, to, port] of CLOSED) {
      const { egress, ingress } = allowed(objects, from, to, port);
      assert.ok(!egress && !ingress, `${from} → ${to}:${port} is open`);
    }
  });

  test(`${env}: Prometheus may reach every target of its generated configuration`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && unhashed(o.metadata.name) === 'prometheus-config');
    const config = parse(cm?.data?.['prometheus.yml'] ?? '') as {
      scrape_configs: { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: { names: string[]; port: number }[] }[];
    };
    const targets = config.scrape_configs.flatMap((job) => [
      ...(job.static_configs ?? []).flatMap((s) => s.targets),
      ...(job.dns_sd_configs ?? []).flatMap((d) => d.names.map((n) => `${n}:${d.port}`)),
    ]);
    assert.ok(targets.length >= 5, `targets: ${targets.join(', ')}`);
    for (const target of targets.filter((x) => !x.startsWith('localhost:'))) {
      const [host, port] = target.split(':');
      const svc = find(objects, 'Service', host ?? '');
      const selector = (svc.spec as { selector: Record<string, string> }).selector;
      const server: Obj | undefined = workloads(objects).find((w) => matches(selector, podTemplate(w).metadata?.labels ?? {}));
      assert.ok(server, `no workload behind ${target}`);
      assert.deepEqual(allowed(objects, 'prometheus', server.metadata.name, Number(port)), { egress: true, ingress: true }, target);
    }
  });

  test(`${env}: every policy selects pods that exist`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const names = new Set(workloads(objects).map((w) => podTemplate(w).metadata?.labels?.['app.kubernetes.io/name']));
    for (const p of policies(objects)) {
      const peers = [...(p.spec?.ingress ?? []).flatMap((r) => r.from ?? []), ...(p.spec?.egress ?? []).flatMap((r) => r.to ?? [])];
      const selected = [p.spec?.podSelector, ...peers.filter((x) => !x.namespaceSelector).map((x) => x.podSelector)];
      for (const s of selected) {
        const name = s?.matchLabels?.['app.kubernetes.io/name'];
        if (name !== undefined) assert.ok(names.has(name), `policy ${p.metadata?.name} selects ${name}, which no pod has`);
      }
    }
  });

  test(`${env}: Argo CD brings up ZooKeeper, then Kafka and Elasticsearch, then the set-up Jobs, then the rest`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const w = (name: string): number => wave(workloads(objects).find((x) => x.metadata.name === name) as Obj);
    assert.ok(w('zookeeper') < w('kafka'));
    assert.equal(w('kafka'), w('elasticsearch'));
    assert.ok(w('kafka') < w('kafka-topics'));
    assert.ok(w('elasticsearch') < w('elasticsearch-setup'));
    const setup = Math.max(w('kafka-topics'), w('elasticsearch-setup'));
    const rest = workloads(objects).filter((x) => !['zookeeper', 'kafka', 'elasticsearch', 'kafka-topics', 'elasticsearch-setup'].includes(x.metadata.name));
    for (const x of rest) assert.ok(wave(x) > setup, `${x.metadata.name} wave ${wave(x)}`);
    for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) assert.ok(wave(np) < w('zookeeper'), np.metadata.name);
    assert.ok(wave(find(objects, 'StorageClass', 'gp3')) < w('zookeeper'));
  });

  test(`${env}: the set-up Jobs are Sync hooks replaced on every sync, so a changed Job never hits immutability`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const job of objects.filter((o) => o.kind === 'Job')) {
      assert.equal(job.metadata.annotations?.['argocd.argoproj.io/hook'], 'Sync', job.metadata.name);
      assert.equal(job.metadata.annotations?.['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation', job.metadata.name);
    }
  });
}

// The advertised listener differs by tier (SASL_SSL in production, test/manifests/kafka-auth.test.ts; PLAINTEXT else).
forProduction('Kafka brokers take their id from the pod ordinal and advertise their stable name on kafka-headless', async (objects) => {
  const kafka = podSpec(find(objects, 'StatefulSet', 'kafka')).containers[0] as Container;
  const script = kafka.args?.join('\n') ?? '';
  assert.match(script, /KAFKA_BROKER_ID="\$\{HOSTNAME##\*-\}"/);
  assert.match(script, /SASL_SSL:\/\/\$\{HOSTNAME\}\.kafka-headless\.\$\{POD_NAMESPACE\}\.svc\.cluster\.local:9092/);
  assert.equal(kafka.env?.find((e) => e.name === 'POD_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath, 'metadata.namespace');
  assert.equal(kafka.env?.find((e) => e.name === 'KAFKA_ZOOKEEPER_CONNECT')?.value, 'zookeeper:2181');
});

for (const env of ENVS) {
  test(`${env}: ZooKeeper servers take their id from the pod ordinal, one more than it (ids start at 1)`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const zk = podSpec(find(objects, 'StatefulSet', 'zookeeper')).containers[0] as Container;
    assert.match(zk.args?.join('\n') ?? '', /ZOOKEEPER_SERVER_ID=\$\(\(\$\{HOSTNAME##\*-\}\+1\)\)/);
  });
}

test('Spark master and workers bind and advertise their pod IP, not a name other pods cannot resolve', async (t) => {
  const objects = await overlay(t, local.configEnv);
  if (!objects) return;
  const master = podSpec(find(objects, 'Deployment', 'spark-master')).containers[0] as Container;
  assert.equal(master.env?.find((e) => e.name === 'SPARK_MASTER_HOST')?.value, '$(POD_IP)');
  const worker = podSpec(find(objects, 'Deployment', 'spark-worker')).containers[0] as Container;
  assert.deepEqual(worker.command?.slice(2, 5), ['spark://spark-master:7077', '--host', '$(POD_IP)']);
  for (const c of [master, worker]) {
    assert.equal(c.env?.find((e) => e.name === 'POD_IP')?.valueFrom?.fieldRef?.fieldPath, 'status.podIP');
  }
});
