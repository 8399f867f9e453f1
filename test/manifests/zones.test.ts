// A zone can fail (issue 16, item 4): ZooKeeper, Kafka and Elasticsearch keep one member per availability
// zone, strictly; Elasticsearch allocates shard copies and Kafka places replicas by the node's zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Container } from 'kubernetes-types/core/v1.js';
import { environments } from '../../scripts/environments.ts';
import { initialMasterNodes } from '../../scripts/generate/elasticsearch.ts';
import { find, forProduction, podSpec, repoRoot } from './render.ts';

const STATEFUL = ['zookeeper', 'kafka', 'elasticsearch'];
const ZONE = 'topology.kubernetes.io/zone';

const named = (containers: Container[], name: string): Container => {
  const c = containers.find((x) => x.name === name);
  assert.ok(c, `container ${name}`);
  return c;
};

for (const name of STATEFUL) {
  forProduction(`${name} spreads over zones with DoNotSchedule, never ScheduleAnyway`, async (objects) => {
    const spread = podSpec(find(objects, 'StatefulSet', name)).topologySpreadConstraints ?? [];
    const zone = spread.filter((c) => c.topologyKey === ZONE);
    assert.equal(zone.length, 1, `${name}: one zone spread constraint`);
    assert.equal(zone[0]?.whenUnsatisfiable, 'DoNotSchedule', `${name}: a soft spread lets two of three members share a zone`);
    assert.equal(zone[0]?.maxSkew, 1);
    assert.equal(zone[0]?.labelSelector?.matchLabels?.['app.kubernetes.io/name'], name);
  });
}

for (const name of ['kafka', 'elasticsearch']) {
  forProduction(`${name} learns its node's zone in an init container, with a token only that step mounts`, async (objects, env) => {
    const pod = podSpec(find(objects, 'StatefulSet', name));
    assert.equal(pod.serviceAccountName, name);
    assert.equal(pod.automountServiceAccountToken, false);
    const zone = named(pod.initContainers ?? [], 'zone');
    assert.equal(zone.env?.find((e) => e.name === 'NODE_NAME')?.valueFrom?.fieldRef?.fieldPath, 'spec.nodeName');
    assert.ok(zone.volumeMounts?.some((m) => m.name === 'kube-api'), 'the zone step mounts the projected token');
    assert.ok(!named(pod.containers, name).volumeMounts?.some((m) => m.name === 'kube-api'), `the ${name} container mounts no token`);
    const binding = find(objects, 'ClusterRoleBinding', 'platform-node-zone-reader') as unknown as { subjects: { name: string; namespace: string }[] };
    assert.ok(binding.subjects.some((s) => s.name === name && s.namespace === environments[env].namespace));
    const role = find(objects, 'ClusterRole', 'platform-node-zone-reader') as unknown as { rules: unknown[] };
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]);
  });
}

forProduction('Kafka sets broker.rack from the zone', async (objects) => {
  const kafka = named(podSpec(find(objects, 'StatefulSet', 'kafka')).containers, 'kafka');
  assert.match((kafka.args ?? []).join('\n'), /KAFKA_BROKER_RACK="\$\(cat \/mnt\/zone\/zone\)"/);
});

forProduction('Elasticsearch allocates by zone and names initial masters only for the first formation', async (objects, env) => {
  const yml = parse(readFileSync(join(repoRoot, `config/${env}/elasticsearch.yml`), 'utf8')) as Record<string, unknown>;
  assert.equal(yml['cluster.routing.allocation.awareness.attributes'], 'zone');
  assert.equal(yml['node.attr.zone'], '${NODE_ZONE}');
  assert.equal(yml['cluster.initial_master_nodes'], undefined, 'set in elasticsearch.yml it stays after the cluster formed');
  const es = named(podSpec(find(objects, 'StatefulSet', 'elasticsearch')).containers, 'elasticsearch');
  assert.equal(es.env?.find((e) => e.name === 'ES_INITIAL_MASTER_NODES')?.value, initialMasterNodes(environments[env]).join(','));
  const script = (es.args ?? []).join('\n');
  assert.match(script, /\[ ! -d \/usr\/share\/elasticsearch\/data\/_state \]/, 'only while the data directory holds no cluster state');
  assert.match(script, /export NODE_ZONE/);
});
