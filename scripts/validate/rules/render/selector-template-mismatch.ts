// selector-template-mismatch: a workload's selector matches its own pod template.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { asRecord, describeSelector, mapSelector, selectorMatches, stringMap } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'selector-template-mismatch',
  severity: 'error',
  description: "A workload's selector does not match its own pod template labels.",
  scope: 'rendered-object',
  run({ object: o, pod, report }) {
    if (!pod || o.kind === 'Pod' || o.kind === 'CronJob') return;
    const raw = asRecord(o.body.spec)?.selector;
    if (raw === undefined) return; // Jobs generate their own selector
    const sel = o.kind === 'ReplicationController' ? mapSelector(stringMap(raw)) : (raw as LabelSelector);
    if (!selectorMatches(sel, pod.labels)) {
      report(['spec', 'selector'], `${o.kind} ${o.name} selects ${describeSelector(sel)}, but its pod template is labelled ${describeSelector(mapSelector(pod.labels))}`);
    }
  },
});
