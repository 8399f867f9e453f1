// pdb-selector-no-match: a PodDisruptionBudget protects pods of its render.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { asRecord, describeSelector } from '../kube.ts';
import { matchesAnyPod } from '../pods.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'pdb-selector-no-match',
  severity: 'error',
  description: 'A PodDisruptionBudget selector matches no workload in the render.',
  scope: 'rendered-object',
  kinds: ['PodDisruptionBudget'],
  run({ object: o, render, report }) {
    const sel = asRecord(o.body.spec)?.selector as LabelSelector | undefined;
    if (!matchesAnyPod(render, o.namespace, sel)) {
      report(['spec', 'selector'], `PodDisruptionBudget ${o.name} selects ${describeSelector(sel)}, which no pod template in the render carries`);
    }
  },
});
