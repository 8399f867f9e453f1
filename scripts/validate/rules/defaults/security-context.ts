// security-context: containers (init containers too) run unprivileged, as non-root, without
// privilege escalation and with every capability dropped.
import { arr, containersOf } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'security-context',
  severity: 'error',
  policy: true,
  description: 'A container (init containers too) may run as root, allows privilege escalation, does not drop ALL capabilities, adds one other than NET_BIND_SERVICE, or runs privileged.',
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
      const drop = arr(sc.capabilities?.drop);
      const allInOtherCase = drop.find((d) => typeof d === 'string' && d !== 'ALL' && d.toUpperCase() === 'ALL');
      // Container runtimes read "all" as ALL, but Pod Security admission ("restricted") compares the
      // string exactly and refuses the pod: say so rather than claim ALL is missing.
      if (allInOtherCase !== undefined) problems.push(`capabilities.drop says "${allInOtherCase}"; write ALL (Pod Security admission compares it case-sensitively)`);
      else if (!drop.includes('ALL')) problems.push('capabilities.drop does not include ALL');
      // Binding a port below 1024 is the one capability an unprivileged workload may need back.
      const added = arr(sc.capabilities?.add).filter((c) => c !== 'NET_BIND_SERVICE');
      if (added.length > 0) problems.push(`capabilities.add includes ${added.join(', ')}`);
      if (problems.length > 0) {
        report([...c.path, 'securityContext'], `${c.init ? 'init ' : ''}container ${c.container.name}: ${problems.join('; ')}`, { container: c.container.name });
      }
    }
  },
});
