// service-target-port: each port of a Service reaches a port its pods declare.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { arr, mapSelector, selectorMatches, stringMap, type FieldPath } from '../kube.ts';
import { declaresPorts, podServes } from '../pods.ts';
import { defineRule } from '../rule.ts';

const portPath = (p: ServicePort, i: number): FieldPath => ['spec', 'ports', p.name ? { name: p.name } : i];

export default defineRule({
  id: 'service-target-port',
  severity: 'error',
  description: 'A Service targetPort (number or name) is not a container port of the pods it selects (a number is not checked against pods that declare no ports).',
  scope: 'rendered-object',
  kinds: ['Service'],
  run({ object: o, render, report }) {
    const spec = (o.body.spec ?? {}) as Service['spec'] & object;
    const selector = stringMap(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) return;
    // Selecting nothing is service-selector-no-match's finding.
    const matched = render.podsIn(o.namespace).filter((p) => selectorMatches(mapSelector(selector), p.labels));
    if (matched.length === 0) return;
    arr(spec.ports).forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      // Declared ports are informational: a number reaches a pod that lists none, a name cannot.
      const missing = matched.filter((pod) => !podServes(pod, target) && (typeof target !== 'number' || declaresPorts(pod)));
      if (missing.length === 0) return;
      const names = missing.map((m) => `${m.object.kind} ${m.object.name}`).join(', ');
      const what = typeof target === 'number' ? `containerPort ${target}` : `a container port named "${target}"`;
      report([...portPath(p, i), p.targetPort === undefined ? 'port' : 'targetPort'], `Service ${o.name} port ${p.name ?? p.port} targets ${what}, which ${names} does not declare`, { also: missing.map((m) => m.object) });
    });
  },
});
