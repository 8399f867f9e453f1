// probe-port: a probe checks a port its container declares.
import type { Probe } from 'kubernetes-types/core/v1.js';
import { containersOf } from '../kube.ts';
import { portsOf } from '../pods.ts';
import { portRename } from '../port-renames.ts';
import { defineRule } from '../rule.ts';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export default defineRule({
  id: 'probe-port',
  severity: 'error',
  description: 'A probe port (number or name) is not a port of its container.',
  scope: 'rendered-object',
  run({ pod, render, report, at }) {
    const rename = pod && portRename(render, pod);
    for (const c of pod ? containersOf(pod) : []) {
      for (const kind of PROBES) {
        const probe: Probe | undefined = c.container[kind];
        if (!probe) continue;
        const handlers = [['httpGet', probe.httpGet?.port], ['tcpSocket', probe.tcpSocket?.port], ['grpc', probe.grpc?.port]] as const;
        for (const [handler, port] of handlers) {
          if (port === undefined) continue;
          const ok = portsOf(c).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
          if (!ok) {
            const declared = portsOf(c).map((p) => (p.name ? `${p.name}=${p.containerPort}` : String(p.containerPort))).join(', ') || 'none';
            // A port renamed under its Services and probes is one finding at the rename (service-target-port).
            const cause = rename && rename.from === port && rename.container.container === c.container ? at(rename.container.pod.object, rename.path) : undefined;
            report([...c.path, kind, handler, 'port'], `${kind} of container ${c.container.name} uses port ${port}, which the container does not declare (ports: ${declared})`, {
              container: c.container.name,
              ...(cause ? { causedBy: { file: cause.file, line: cause.line, rule: 'service-target-port' } } : {}),
            });
          }
        }
      }
    }
  },
});
