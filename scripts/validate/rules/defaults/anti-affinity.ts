// anti-affinity: in production, a replicated StatefulSet spreads its pods over nodes. Production is
// the render of an environment whose tier in scripts/environments.ts is `production`; in a tree
// without that file, the render of overlays/prod (or clusters/prod), else one whose namespace ends in -prod.
import type { PodAffinityTerm, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { arr, replicasOf, selectorMatches, type PodTemplateView } from '../kube.ts';
import { isProduction } from '../renders.ts';
import { defineRule } from '../rule.ts';

const HOSTNAME = 'kubernetes.io/hostname';

function spreadsOverHosts(pod: PodTemplateView): boolean {
  const own = (sel: LabelSelector | undefined): boolean => selectorMatches(sel, pod.labels);
  const anti = pod.spec.affinity?.podAntiAffinity;
  const terms: PodAffinityTerm[] = [
    ...arr(anti?.requiredDuringSchedulingIgnoredDuringExecution),
    ...arr(anti?.preferredDuringSchedulingIgnoredDuringExecution).map((w) => w.podAffinityTerm),
  ];
  if (terms.some((t) => t.topologyKey === HOSTNAME && own(t.labelSelector))) return true;
  const spread: TopologySpreadConstraint[] = arr(pod.spec.topologySpreadConstraints) as TopologySpreadConstraint[];
  return spread.some((t) => t.topologyKey === HOSTNAME && own(t.labelSelector));
}

export default defineRule({
  id: 'anti-affinity',
  severity: 'error',
  policy: true,
  description: 'A replicated StatefulSet in production has no hostname anti-affinity (or hostname topology spread) over its own pods.',
  scope: 'object',
  kinds: ['StatefulSet'],
  run({ object: o, pod, render, report }) {
    // Whether the render is prod looks at all its objects: once per render, not per StatefulSet.
    if (!pod || replicasOf(o) <= 1 || !render.memo('anti-affinity:production', () => isProduction(render.render, render.facts))) return;
    if (!spreadsOverHosts(pod)) {
      report([...pod.path, 'spec', 'affinity'], `StatefulSet ${o.name} runs ${replicasOf(o)} replicas in production without podAntiAffinity (or a topologySpreadConstraint) on ${HOSTNAME} whose selector matches its own pod labels; one node drain could take out several replicas`);
    }
  },
});
