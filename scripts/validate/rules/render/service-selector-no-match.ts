// service-selector-no-match: a Service routes to pods of its render.
import type { Service } from 'kubernetes-types/core/v1.js';
import { describeSelector, mapSelector, stringMap } from '../kube.ts';
import { matchesAnyPod } from '../pods.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'service-selector-no-match',
  severity: 'error',
  description: 'A Service selector matches no pod template in the same render.',
  scope: 'rendered-object',
  kinds: ['Service'],
  run({ object: o, render, report }) {
    const spec = (o.body.spec ?? {}) as Service['spec'] & object;
    const selector = stringMap(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) return;
    if (!matchesAnyPod(render, o.namespace, mapSelector(selector))) {
      report(['spec', 'selector'], `Service ${o.name} selects ${describeSelector(mapSelector(selector))}, which no pod template (or operator-made pod) in the render carries`);
    }
  },
});
