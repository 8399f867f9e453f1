// Pods stay pods (issue 16, item 3): every namespace the platform is synced into enforces Pod Security
// "restricted", so a pod that could become the node (privileged, root, host namespaces) is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENVS, rendered } from './render.ts';

interface Application {
  kind: string;
  spec?: { destination?: { namespace?: string }; syncPolicy?: { managedNamespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } };
}

/** Levels from most to least strict; "privileged" enforces nothing. */
const LEVELS = ['restricted', 'baseline'];

for (const env of ENVS) {
  test(`${env}: the platform namespace enforces Pod Security restricted (baseline only with a reason)`, async (t) => {
    const objects = (await rendered(t, `clusters/${env}`)) as Application[] | null;
    if (!objects) return;
    const apps = objects.filter((o) => o.kind === 'Application');
    assert.ok(apps.length > 0, 'an Application');
    for (const app of apps) {
      const meta = app.spec?.syncPolicy?.managedNamespaceMetadata;
      const enforce = meta?.labels?.['pod-security.kubernetes.io/enforce'];
      const ns = app.spec?.destination?.namespace ?? '?';
      assert.ok(enforce && LEVELS.includes(enforce), `namespace ${ns}: pod-security.kubernetes.io/enforce is ${enforce ?? 'missing'}`);
      if (enforce !== 'restricted') {
        const reason = meta?.annotations?.['platform-team.io/pod-security-reason'] ?? '';
        assert.ok(reason.length > 20, `namespace ${ns} enforces ${enforce} without a platform-team.io/pod-security-reason annotation`);
      }
      assert.equal(meta?.labels?.['pod-security.kubernetes.io/warn'], 'restricted', ns);
    }
  });
}
