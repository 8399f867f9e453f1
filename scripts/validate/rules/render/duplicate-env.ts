// duplicate-env: one container sets each environment variable once.
import { arr, containersOf } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'duplicate-env',
  severity: 'error',
  description: 'An environment variable name appears twice in one container.',
  scope: 'rendered-object',
  run({ pod, report }) {
    for (const c of pod ? containersOf(pod) : []) {
      const seen = new Set<string>();
      arr(c.container.env).forEach((e, i) => {
        if (seen.has(e.name)) report([...c.path, 'env', i], `container ${c.container.name} sets ${e.name} more than once; only the last value takes effect`, { container: c.container.name });
        seen.add(e.name);
      });
    }
  },
});
