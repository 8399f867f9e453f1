// resources: every container says what it needs and may use.
import { asRecord, containersOf } from '../kube.ts';
import { defineRule } from '../rule.ts';

const FIELDS = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'cpu'],
  ['limits', 'memory'],
] as const;

export default defineRule({
  id: 'resources',
  severity: 'error',
  policy: true,
  description: 'A container lacks CPU/memory requests or limits.',
  scope: 'object',
  run({ pod, report }) {
    for (const c of pod ? containersOf(pod) : []) {
      const r = asRecord(c.container.resources) ?? {};
      const missing = FIELDS.filter(([group, res]) => asRecord(r[group])?.[res] === undefined).map(([group, res]) => `${group}.${res}`);
      if (missing.length > 0) report([...c.path, 'resources'], `container ${c.container.name} sets no ${missing.join(', ')}`, { container: c.container.name });
    }
  },
});
