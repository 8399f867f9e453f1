// service-target-port: each port of a Service reaches a port its pods declare. A container port
// renamed away from the name its Services and probes still use is the one finding, at the port's
// `name:` (rules/port-renames.ts); the Services' and probes' findings are folded under it.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { arr, stringMap, WORKLOAD_KINDS, type FieldPath } from '../kube.ts';
import { declaresPorts, podServes } from '../pods.ts';
import { portRename, selectedPods } from '../port-renames.ts';
import { defineRule } from '../rule.ts';

const RULE = 'service-target-port';
const portPath = (p: ServicePort, i: number): FieldPath => ['spec', 'ports', p.name ? { name: p.name } : i];
const listed = (items: string[]): string => (items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`);

export default defineRule({
  id: RULE,
  severity: 'error',
  description: 'A Service targetPort (number or name) is not a container port of the pods it selects (a number is not checked against pods that declare no ports).',
  scope: 'rendered-object',
  kinds: ['Service', ...WORKLOAD_KINDS],
  run({ object: o, pod, render, report, at }) {
    if (o.kind !== 'Service') {
      const rename = pod && portRename(render, pod);
      if (rename) {
        report(
          rename.path,
          `container ${rename.container.container.name}'s port ${rename.containerPort} is named "${rename.to}", but ${listed(rename.references)} still call it "${rename.from}": ` +
            `name it "${rename.from}" again, or rename it in each of them`,
          { container: rename.container.container.name },
        );
      }
      return;
    }
    const spec = (o.body.spec ?? {}) as Service['spec'] & object;
    if (spec.type === 'ExternalName' || Object.keys(stringMap(spec.selector)).length === 0) return;
    // Selecting nothing is service-selector-no-match's finding.
    const matched = selectedPods(render, o);
    if (matched.length === 0) return;
    arr(spec.ports).forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      // Declared ports are informational: a number reaches a pod that lists none, a name cannot.
      const missing = matched.filter((pod) => !podServes(pod, target) && (typeof target !== 'number' || declaresPorts(pod)));
      if (missing.length === 0) return;
      const names = missing.map((m) => `${m.object.kind} ${m.object.name}`).join(', ');
      const what = typeof target === 'number' ? `containerPort ${target}` : `a container port named "${target}"`;
      const rename = missing.map((m) => portRename(render, m)).find((r) => r?.from === target);
      const cause = rename && at(rename.container.pod.object, rename.path);
      report([...portPath(p, i), p.targetPort === undefined ? 'port' : 'targetPort'], `Service ${o.name} port ${p.name ?? p.port} targets ${what}, which ${names} does not declare`, {
        also: missing.map((m) => m.object),
        ...(cause ? { causedBy: { file: cause.file, line: cause.line, rule: RULE } } : {}),
      });
    });
  },
});
