// pdb-missing: a replicated workload keeps some replicas through a voluntary disruption.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { asRecord, replicasOf, selectorMatches } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'pdb-missing',
  severity: 'error',
  policy: true,
  description: 'A workload with more than one replica has no PodDisruptionBudget selecting its pods.',
  scope: 'object',
  kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
  run({ object: o, pod, render, report }) {
    if (!pod || replicasOf(o) <= 1) return;
    const covered = render.ofKindIn('PodDisruptionBudget', o.namespace).some((p) => selectorMatches(asRecord(p.body.spec)?.selector as LabelSelector | undefined, pod.labels));
    if (!covered) report(['spec', 'replicas'], `${o.kind} ${o.name} runs ${replicasOf(o)} replicas but no PodDisruptionBudget selects its pods`);
  },
});
