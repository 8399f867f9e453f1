// No event is lost between Kafka and Elasticsearch (issue 16, item 1): each prod Logstash replica keeps a
// persistent queue and a dead-letter queue on its own volume, and commits Kafka offsets only for events in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Container, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { PRODUCTION_ENVS, find, forProduction, podSpec, repoRoot, selects, type Obj } from './render.ts';

const UNITS: Record<string, number> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** Bytes of a Logstash size (`20gb`) or a Kubernetes quantity (`32Gi`). */
function bytes(size: string | undefined): number {
  const m = /^(\d+)(kb|mb|gb|Ki|Mi|Gi)$/.exec(size ?? '');
  assert.ok(m?.[1] && m[2], `a size with a unit, got ${size}`);
  return Number(m[1]) * (UNITS[m[2]] ?? 0);
}

const logstashContainer = (o: Obj): Container => {
  const c = podSpec(o).containers.find((x) => x.name === 'logstash');
  assert.ok(c, 'container logstash');
  return c;
};
const envOf = (c: Container, name: string): string | undefined => c.env?.find((e) => e.name === name)?.value;

/** The volumeClaimTemplate mounted at the directory holding `path`, if any. */
function claimHolding(o: Obj, c: Container, path: string): PersistentVolumeClaim | undefined {
  const claims = (o.spec as { volumeClaimTemplates?: PersistentVolumeClaim[] }).volumeClaimTemplates ?? [];
  const mount = c.volumeMounts?.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
  return claims.find((t) => t.metadata?.name === mount?.name);
}

forProduction('Logstash is a StatefulSet whose persistent queue lies on a volume claim', async (objects) => {
  const ls = objects.find((o) => o.metadata.name === 'logstash' && o.kind !== 'Service' && o.kind !== 'PodDisruptionBudget');
  assert.equal(ls?.kind, 'StatefulSet', 'an emptyDir queue dies with the pod: Logstash needs per-replica volumes');
  const c = logstashContainer(ls);
  assert.equal(envOf(c, 'QUEUE_TYPE'), 'persisted');
  assert.equal(envOf(c, 'QUEUE_CHECKPOINT_WRITES'), '1', 'a checkpoint after every write');
  const queuePath = envOf(c, 'PATH_QUEUE');
  assert.ok(queuePath, 'PATH_QUEUE set explicitly');
  const claim = claimHolding(ls, c, queuePath);
  assert.ok(claim, `${queuePath} is on a volumeClaimTemplate, not an emptyDir`);
  assert.equal(claim.spec?.storageClassName, 'gp3');
});

forProduction('the dead-letter queue is on, on the same volume, and both queues fit the volume', async (objects) => {
  const ls = find(objects, 'StatefulSet', 'logstash');
  const c = logstashContainer(ls);
  assert.equal(envOf(c, 'DEAD_LETTER_QUEUE_ENABLE'), 'true');
  const dlqPath = envOf(c, 'PATH_DEAD_LETTER_QUEUE');
  assert.ok(dlqPath, 'PATH_DEAD_LETTER_QUEUE set explicitly');
  const claim = claimHolding(ls, c, dlqPath);
  assert.ok(claim, `${dlqPath} is on a volumeClaimTemplate`);
  const volume = bytes(String(claim.spec?.resources?.requests?.storage));
  const queues = bytes(envOf(c, 'QUEUE_MAX_BYTES')) + bytes(envOf(c, 'DEAD_LETTER_QUEUE_MAX_BYTES'));
  assert.ok(queues <= volume * 0.8, `queues ${queues} B leave no headroom on a ${volume} B volume`);
});

forProduction('a PodDisruptionBudget keeps all but one Logstash replica through a drain', async (objects) => {
  const ls = find(objects, 'StatefulSet', 'logstash');
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as PodDisruptionBudget[];
  const pdb = pdbs.find((p) => selects(p.spec?.selector?.matchLabels, (ls.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels));
  assert.ok(pdb, 'a PDB selecting the Logstash pods');
  assert.equal(pdb.spec?.maxUnavailable, 1);
});

for (const env of PRODUCTION_ENVS) {
  test(`${env}: the kafka input commits offsets itself, after the records are in the queue`, () => {
    const conf = readFileSync(join(repoRoot, `config/${env}/logstash.conf`), 'utf8');
    const input = /kafka\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';
    assert.match(input, /^\s*enable_auto_commit => "false"$/m, 'auto-commit runs on a timer, not after the queue write');
  });
}

forProduction('Grafana keeps its database on a volume claim, not an emptyDir', async (objects, env) => {
  const grafana = objects.find((o) => o.metadata.name === 'grafana' && (o.kind === 'Deployment' || o.kind === 'StatefulSet'));
  assert.ok(grafana, 'the Grafana workload');
  const c = podSpec(grafana).containers.find((x) => x.name === 'grafana');
  const dataPath = c?.env?.find((e) => e.name === 'GF_PATHS_DATA')?.value ?? '/var/lib/grafana';
  const mount = c?.volumeMounts?.find((m) => m.mountPath === dataPath);
  assert.ok(mount, `a volume at ${dataPath}`);
  const templates = (grafana.spec as { volumeClaimTemplates?: PersistentVolumeClaim[] }).volumeClaimTemplates ?? [];
  const claimName = podSpec(grafana).volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
  const persistent = templates.some((tpl) => tpl.metadata?.name === mount.name) || (claimName !== undefined && objects.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claimName));
  assert.ok(persistent, `${dataPath} is on volume "${mount.name}", which is not a claim in the render: users, keys and annotations vanish with the pod`);
  if (grafana.kind === 'Deployment') assert.equal((grafana.spec as { strategy?: { type?: string } }).strategy?.type, 'Recreate', 'a ReadWriteOnce claim cannot be mounted by the surge pod');
});
