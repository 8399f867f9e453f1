// What the best public manifests always set, checked on every workload of both rendered overlays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { ENVS, forProduction, overlay, podSpec, podTemplate, replicas, selects, workloads, type Obj } from './render.ts';

/** Waivers `npm run validate` honours: `ignore-check.platform-team.io/<rule>: <reason>`. */
const WAIVER = 'ignore-check.platform-team.io/';
/** JVM processes: they need start-up time and a grace period to close cleanly. */
const JVMS = ['zookeeper', 'kafka', 'elasticsearch', 'logstash', 'spark-master', 'spark-worker'];
const LABELS = ['name', 'instance', 'component', 'part-of', 'version'].map((l) => `app.kubernetes.io/${l}`);

const longRunning = (objects: Obj[]): Obj[] => workloads(objects).filter((w) => w.kind !== 'Job');
const allContainers = (w: Obj): Container[] => [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers];
const waivers = (annotations: Record<string, string> | undefined): string[] =>
  Object.keys(annotations ?? {}).filter((k) => k.startsWith(WAIVER));

for (const env of ENVS) {
  test(`${env}: every container has CPU and memory requests and limits`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      for (const c of allContainers(w)) {
        for (const kind of ['requests', 'limits'] as const) {
          assert.ok(c.resources?.[kind]?.cpu, `${w.metadata.name}/${c.name} ${kind}.cpu`);
          assert.ok(c.resources?.[kind]?.memory, `${w.metadata.name}/${c.name} ${kind}.memory`);
        }
      }
    }
  });

  test(`${env}: pods use RuntimeDefault seccomp, no service-account token and no service links`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      const pod = podSpec(w);
      assert.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault', w.metadata.name);
      assert.equal(pod.securityContext?.runAsNonRoot, true, w.metadata.name);
      assert.equal(pod.automountServiceAccountToken, false, w.metadata.name);
      assert.equal(pod.enableServiceLinks, false, w.metadata.name);
    }
  });

  test(`${env}: containers are non-root, read-only, without privilege escalation or capabilities`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      for (const c of allContainers(w)) {
        const sc = c.securityContext;
        const where = `${w.metadata.name}/${c.name}`;
        assert.equal(sc?.readOnlyRootFilesystem, true, where);
        // Pod Security "restricted" is enforced on the namespaces: nothing privileged, not even an init container.
        assert.notEqual(sc?.privileged, true, where);
        assert.equal(sc?.runAsNonRoot, true, where);
        assert.equal(sc?.allowPrivilegeEscalation, false, where);
        assert.deepEqual(sc?.capabilities?.drop, ['ALL'], where);
      }
    }
  });

  test(`${env}: no workload waives a rule`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      assert.deepEqual(waivers(w.metadata.annotations), [], w.metadata.name);
      assert.deepEqual(waivers(podTemplate(w).metadata?.annotations), [], `${w.metadata.name} pod template`);
    }
  });

  test(`${env}: long-running containers have readiness and liveness probes that differ`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of longRunning(objects)) {
      for (const c of podSpec(w).containers) {
        const where = `${w.metadata.name}/${c.name}`;
        assert.ok(c.readinessProbe, `${where} readiness`);
        assert.ok(c.livenessProbe, `${where} liveness`);
        assert.notDeepEqual(c.readinessProbe, c.livenessProbe, where);
      }
    }
  });

  test(`${env}: JVMs get a start-up probe and a grace period of at least 60 seconds`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of longRunning(objects).filter((x) => JVMS.includes(x.metadata.name))) {
      const c = podSpec(w).containers[0] as Container;
      const startup = c.startupProbe as Probe | undefined;
      assert.ok(startup, `${w.metadata.name} startupProbe`);
      assert.ok((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) >= 120, `${w.metadata.name}: start-up budget`);
      assert.ok((podSpec(w).terminationGracePeriodSeconds ?? 30) >= 60, `${w.metadata.name} grace period`);
    }
  });

  test(`${env}: workloads and their pods carry the app.kubernetes.io labels, version = image tag`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const w of workloads(objects)) {
      const podLabels = podTemplate(w).metadata?.labels ?? {};
      for (const label of LABELS) {
        assert.ok(w.metadata.labels?.[label], `${w.metadata.name} ${label}`);
        assert.equal(podLabels[label], w.metadata.labels?.[label], `${w.metadata.name} pod ${label}`);
      }
      const tag = podSpec(w).containers[0]?.image?.split(':').pop();
      assert.equal(w.metadata.labels?.['app.kubernetes.io/version'], tag, w.metadata.name);
    }
  });

  test(`${env}: every Service selects the pods of exactly one workload`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const svc of objects.filter((o) => o.kind === 'Service')) {
      const selector = (svc.spec as { selector?: Record<string, string> }).selector;
      const matched: Obj[] = longRunning(objects).filter((w) => selects(selector, podTemplate(w).metadata?.labels));
      assert.equal(matched.length, 1, `Service ${svc.metadata.name} selects ${matched.map((w) => w.metadata.name).join(', ')}`);
    }
  });

  test(`${env}: StatefulSets are governed by a headless Service; clustered ones publish not-ready peers`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
      const name = (sts.spec as { serviceName: string }).serviceName;
      assert.equal(name, `${sts.metadata.name}-headless`);
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === name);
      const spec = svc?.spec as { clusterIP?: string; publishNotReadyAddresses?: boolean } | undefined;
      assert.equal(spec?.clusterIP, 'None', `${sts.metadata.name} → ${name}`);
      // Peers must find each other before any of them is ready (quorum, master election); Prometheus and
      // Logstash replicas are not peers.
      if (!['prometheus', 'logstash'].includes(sts.metadata.name)) assert.equal(spec?.publishNotReadyAddresses, true, `${sts.metadata.name} → ${name}`);
    }
  });
}

forProduction('every replicated workload has a PodDisruptionBudget that selects its pods only', async (objects) => {
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as (PodDisruptionBudget & Obj)[];
  for (const w of longRunning(objects).filter((x) => replicas(x) > 1)) {
    const labels = podTemplate(w).metadata?.labels;
    const covering = pdbs.filter((p) => selects(p.spec?.selector?.matchLabels, labels));
    assert.equal(covering.length, 1, `${w.metadata.name}: PDBs ${covering.map((p) => p.metadata.name).join(', ')}`);
    assert.equal(covering[0]?.spec?.maxUnavailable, 1, w.metadata.name);
  }
  for (const p of pdbs) {
    const selected: Obj[] = longRunning(objects).filter((w) => selects(p.spec?.selector?.matchLabels, podTemplate(w).metadata?.labels));
    assert.equal(selected.length, 1, `PDB ${p.metadata.name}`);
  }
});

forProduction('every replicated workload spreads over nodes with a selector built from its own pod labels', async (objects) => {
  for (const w of longRunning(objects).filter((x) => replicas(x) > 1)) {
    const labels = podTemplate(w).metadata?.labels;
    const anti = podSpec(w).affinity?.podAntiAffinity;
    const terms = [
      ...(anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      ...(anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => p.podAffinityTerm),
    ];
    assert.ok(terms.length > 0, `${w.metadata.name} has no pod anti-affinity`);
    for (const term of terms) {
      assert.equal(term.topologyKey, 'kubernetes.io/hostname', w.metadata.name);
      assert.ok(selects(term.labelSelector?.matchLabels, labels), `${w.metadata.name}: selector ${JSON.stringify(term.labelSelector)}`);
    }
    for (const spread of podSpec(w).topologySpreadConstraints ?? []) {
      assert.ok(selects(spread.labelSelector?.matchLabels, labels), `${w.metadata.name}: spread selector`);
    }
  }
});

forProduction('quorum and replica holders (ZooKeeper, Kafka, Elasticsearch) and Logstash queues never share a node', async (objects) => {
  for (const w of objects.filter((o) => o.kind === 'StatefulSet' && o.metadata.name !== 'prometheus')) {
    const required = podSpec(w).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    assert.equal(required.length, 1, w.metadata.name);
  }
});

test('volume claim templates carry no label that changes with a release (they are immutable)', async (t) => {
  for (const env of ENVS) {
    const objects = await overlay(t, env);
    if (!objects) return;
    for (const sts of objects.filter((o) => o.kind === 'StatefulSet')) {
      const templates = (sts.spec as { volumeClaimTemplates?: { metadata?: { labels?: Record<string, string> } }[] }).volumeClaimTemplates ?? [];
      for (const claim of templates) {
        assert.equal(claim.metadata?.labels?.['app.kubernetes.io/version'], undefined, `${env} ${sts.metadata.name}`);
      }
    }
  }
});
