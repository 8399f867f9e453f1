// Security and reliability defaults (issue 7, part 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureContext, runRules } from './context.ts';
import { specifyRule } from './waivable.ts';

const fixture = 'defaults';
const file = 'overlays/prod/objects.yaml';
const careless = [{ kind: 'Deployment', name: 'careless' }];
const store = [{ kind: 'StatefulSet', name: 'store' }];

specifyRule({ rule: 'image-tag', mistake: 'an image without a tag', fixture, file, line: 20, waive: careless });
specifyRule({ rule: 'image-tag', mistake: 'an image tagged latest', fixture, file, line: 59, waive: store });
specifyRule({ rule: 'resources', mistake: 'a container without requests and limits', fixture, file, line: 19, waive: careless });
specifyRule({ rule: 'probes', mistake: 'a container without probes', fixture, file, line: 19, waive: careless });
specifyRule({ rule: 'probes', mistake: 'identical readiness and liveness probes', fixture, file, line: 68, waive: store });
specifyRule({ rule: 'security-context', mistake: 'a container that may run as root and keeps its capabilities', fixture, file, line: 19, waive: careless });
specifyRule({ rule: 'security-context', mistake: 'a privileged sysctl init container', fixture, file, line: 52, waive: store });
specifyRule({ rule: 'host-namespaces', mistake: 'hostNetwork', fixture, file, line: 17, waive: careless });
specifyRule({ rule: 'host-path', mistake: 'a hostPath volume', fixture, file, line: 26, waive: careless });
specifyRule({ rule: 'pdb-missing', mistake: 'two replicas without a PodDisruptionBudget', fixture, file, line: 8, waive: careless });
specifyRule({ rule: 'anti-affinity', mistake: 'a replicated StatefulSet in prod without hostname anti-affinity', fixture, file, line: 44, waive: store });
specifyRule({ rule: 'automount-token', mistake: 'a token mounted for a ServiceAccount bound to nothing', fixture, file, line: 16, waive: careless });

test('a waiver on the pod template silences a pod-level rule', async () => {
  const ctx = fixtureContext(fixture);
  const sts = ctx.renders[0]!.objects.find((o) => o.name === 'store')!;
  const template = (sts.body.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
  template.metadata.annotations = { 'ignore-check.platform-team.io/security-context': 'vm.max_map_count must be raised on the node; nothing else runs privileged' };
  const findings = await runRules(ctx);
  assert.deepEqual(findings.filter((f) => f.rule === 'security-context' && f.line === 52), []);
});

test('anti-affinity: only prod renders are judged', async () => {
  const ctx = fixtureContext(fixture);
  ctx.renders[0]!.dir = 'overlays/dev';
  for (const o of ctx.renders[0]!.objects) o.namespace = 'platform-dev';
  const findings = await runRules(ctx);
  assert.deepEqual(findings.filter((f) => f.rule === 'anti-affinity'), []);
});

test('anti-affinity: a preferred hostname term over the pods own labels satisfies it', async () => {
  const ctx = fixtureContext(fixture);
  const sts = ctx.renders[0]!.objects.find((o) => o.name === 'store')!;
  const spec = (sts.body.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  spec.affinity = {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'store' } } } },
      ],
    },
  };
  const findings = await runRules(ctx);
  assert.deepEqual(findings.filter((f) => f.rule === 'anti-affinity'), []);
});
