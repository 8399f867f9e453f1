// automount-token: a pod mounts an API token only when its ServiceAccount may do something with it
// (is bound to a Role or ClusterRole).
import type { KubeObject } from '../../types.ts';
import { asRecord } from '../kube.ts';
import { defineRule } from '../rule.ts';
import type { RenderScope } from '../scope.ts';

function boundServiceAccounts(s: RenderScope): Set<string> {
  const bound = new Set<string>();
  for (const b of [...s.ofKind('RoleBinding'), ...s.ofKind('ClusterRoleBinding')]) {
    const subjects = b.body.subjects;
    if (!Array.isArray(subjects)) continue;
    for (const subj of subjects) {
      const r = asRecord(subj);
      if (r?.kind === 'ServiceAccount' && typeof r.name === 'string') bound.add(`${(r.namespace as string | undefined) ?? b.namespace ?? ''}/${r.name}`);
    }
  }
  return bound;
}

export default defineRule({
  id: 'automount-token',
  severity: 'warning',
  policy: true,
  description: 'A pod automounts a service account token although its ServiceAccount is bound to no Role.',
  scope: 'object',
  run({ object, pod, render, report }) {
    if (!pod) return;
    const o: KubeObject = object;
    const bound = render.memo('automount-token:bound', () => boundServiceAccounts(render));
    const saName = pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default';
    const sa = render.find('ServiceAccount', saName, o.namespace);
    const automount = pod.spec.automountServiceAccountToken ?? (asRecord(sa?.body)?.automountServiceAccountToken as boolean | undefined) ?? true;
    if (!automount || bound.has(`${o.namespace ?? ''}/${saName}`)) return;
    report([...pod.path, 'spec', 'automountServiceAccountToken'], `${o.kind} ${o.name} mounts the token of ServiceAccount ${saName}, which no RoleBinding grants anything; set automountServiceAccountToken: false`, { also: sa ? [sa] : [] });
  },
});
