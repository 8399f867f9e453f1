// host-path: a pod mounts nothing of the node's filesystem.
import { arr } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'host-path',
  severity: 'error',
  policy: true,
  description: 'A pod mounts a hostPath volume.',
  scope: 'object',
  run({ pod, report }) {
    if (!pod) return;
    for (const v of arr(pod.spec.volumes)) {
      if (v.hostPath) report([...pod.path, 'spec', 'volumes', { name: v.name }, 'hostPath'], `${pod.object.kind} ${pod.object.name} mounts hostPath ${v.hostPath.path} as volume ${v.name}`);
    }
  },
});
