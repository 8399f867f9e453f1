// probes: a long-running container says when it is ready and when it is wedged, and the two differ.
import { isDeepStrictEqual } from 'node:util';
import { containersOf } from '../kube.ts';
import { defineRule } from '../rule.ts';

/** Run-to-completion pods have nothing to be ready for. */
const BATCH = new Set(['Job', 'CronJob']);

export default defineRule({
  id: 'probes',
  severity: 'error',
  policy: true,
  description: 'A long-running container lacks a readiness or liveness probe, or the two are identical.',
  scope: 'object',
  run({ pod, report }) {
    if (!pod || BATCH.has(pod.object.kind)) return;
    for (const c of containersOf(pod)) {
      if (c.init) continue;
      const { readinessProbe: ready, livenessProbe: live } = c.container;
      const missing = [ready ? '' : 'readinessProbe', live ? '' : 'livenessProbe'].filter(Boolean);
      const container = c.container.name;
      if (missing.length > 0) {
        report(c.path, `container ${container} has no ${missing.join(' and ')}`, { container });
      } else if (isDeepStrictEqual(ready, live)) {
        report([...c.path, 'livenessProbe'], `container ${container} has identical readiness and liveness probes; a liveness probe should only restart a wedged process (e.g. a cheaper check, longer period or higher failureThreshold)`, { container });
      }
    }
  },
});
