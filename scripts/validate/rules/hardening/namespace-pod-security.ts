// namespace-pod-security: the namespace an Argo CD Application creates (CreateNamespace=true) enforces a
// Pod Security level, so a pod that could become the node (privileged, root, host namespaces) is refused
// at admission rather than noticed later (issue 16, item 3). A namespace the Application does not create
// gets its labels elsewhere, so it is not judged here.
import { asRecord } from '../kube.ts';
import { defineRule } from '../rule.ts';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = ['restricted', 'baseline'];

export default defineRule({
  id: 'namespace-pod-security',
  severity: 'error',
  policy: true,
  description: `An Argo CD Application creating its namespace (CreateNamespace=true) without a ${ENFORCE} label of restricted or baseline.`,
  scope: 'application',
  run({ app, report }) {
    const sync = asRecord(app.spec.syncPolicy);
    const options = Array.isArray(sync?.syncOptions) ? sync.syncOptions : [];
    if (!options.some((o) => typeof o === 'string' && o.replace(/\s/g, '') === 'CreateNamespace=true')) return;
    const meta = asRecord(sync?.managedNamespaceMetadata);
    const labels = asRecord(meta?.labels);
    const level = labels?.[ENFORCE];
    if (typeof level === 'string' && LEVELS.includes(level)) return;
    const at = labels ? ['labels'] : meta ? [] : undefined;
    const path = at ? [...app.base, 'syncPolicy', 'managedNamespaceMetadata', ...at] : [...app.base, sync ? 'syncPolicy' : 'destination'];
    report(path, `${app.label}: namespace ${app.namespace ?? '(unnamed)'} ${typeof level === 'string' ? `enforces Pod Security "${level}"` : `has no ${ENFORCE} label`}; set managedNamespaceMetadata.labels ${ENFORCE}: restricted (baseline with a platform-team.io/pod-security-reason annotation)`);
  },
});
