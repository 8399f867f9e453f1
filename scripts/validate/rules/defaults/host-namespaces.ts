// host-namespaces: a pod keeps to its own network, PID and IPC namespaces.
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'host-namespaces',
  severity: 'error',
  policy: true,
  description: 'A pod shares the host network, PID or IPC namespace.',
  scope: 'object',
  run({ pod, report }) {
    if (!pod) return;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod.spec[field] === true) report([...pod.path, 'spec', field], `${pod.object.kind} ${pod.object.name} sets ${field}: true`);
    }
  },
});
