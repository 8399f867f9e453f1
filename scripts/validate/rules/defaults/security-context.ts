// security-context: containers (init containers too) run unprivileged, as non-root, without
// privilege escalation and with every capability dropped.
import { arr, containersOf } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-context',
  severity: 'error',
  description: 'A container (init containers too) may run as root, allows privilege escalation, does not drop ALL capabilities, or runs privileged.',
  scope: 'object',
  run({ pod, report }) {
    if (!pod) return;
    const podSc = pod.spec.securityContext ?? {};
    for (const c of containersOf(pod)) {
      const sc = c.container.securityContext ?? {};
      const problems: string[] = [];
      const runAsUser = sc.runAsUser ?? podSc.runAsUser;
      if (runAsUser === 0) problems.push('runAsUser is 0');
      else if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) problems.push('runAsNonRoot is not true');
      if (sc.privileged === true) problems.push('privileged is true');
      if (sc.allowPrivilegeEscalation !== false) problems.push('allowPrivilegeEscalation is not false');
      if (!arr(sc.capabilities?.drop).includes('ALL')) problems.push('capabilities.drop does not include ALL');
      if (problems.length > 0) {
        report([...c.path, 'securityContext'], `${c.init ? 'init ' : ''}container ${c.container.name}: ${problems.join('; ')}`, { container: c.container.name });
      }
    }
  },
});
