// The Argo CD objects of clusters/<env>: each cluster syncs its own overlay, and its AppProject allows exactly
// this repository, the environment's namespace and the kinds that overlay renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environments } from '../../scripts/environments.ts';
import { ENVS, find, forProduction, overlay, rendered } from './render.ts';

// The fields of Argo CD's Application and AppProject these tests read. Their full schemas, and the
// field lists that catch a misspelt key, are kept in scripts/validate/kube/pinned/: the validator
// checks these objects against them (test/validate/kube.test.ts).
interface Application {
  metadata?: { namespace?: string };
  spec: {
    project: string;
    source?: { repoURL: string; path?: string };
    destination: { server?: string; namespace?: string };
    syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean }; syncOptions?: string[] };
  };
}
interface ResourceRef {
  group: string;
  kind: string;
  name?: string;
}
interface AppProject {
  spec: {
    sourceRepos?: string[];
    destinations?: Array<{ server?: string; namespace?: string }>;
    namespaceResourceWhitelist?: ResourceRef[];
    clusterResourceWhitelist?: ResourceRef[];
  };
}

const REPO = 'https://github.com/platform-team/log-metrics-platform.git';

for (const env of ENVS) {
  test(`${env}: the Application syncs overlays/${env} into platform-${env}, automated with prune and self-heal`, async (t) => {
    const objects = await rendered(t, `clusters/${env}`);
    if (!objects) return;
    const app = find(objects, 'Application', `platform-${env}`) as unknown as Application;
    assert.equal(app.metadata?.namespace, 'argocd');
    assert.equal(app.spec.project, `platform-${env}`);
    assert.equal(app.spec.source?.repoURL, REPO);
    assert.equal(app.spec.source?.path, `overlays/${env}`);
    assert.deepEqual(app.spec.destination, { server: 'https://kubernetes.default.svc', namespace: `platform-${env}` });
    assert.equal(app.spec.syncPolicy?.automated?.prune, true);
    assert.equal(app.spec.syncPolicy?.automated?.selfHeal, true);
    assert.ok(app.spec.syncPolicy?.syncOptions?.includes('CreateNamespace=true'));
  });

  test(`${env}: the AppProject limits sources to this repository and destinations to platform-${env}`, async (t) => {
    const objects = await rendered(t, `clusters/${env}`);
    if (!objects) return;
    const project = find(objects, 'AppProject', `platform-${env}`) as unknown as AppProject;
    assert.deepEqual(project.spec.sourceRepos, [REPO]);
    assert.deepEqual(
      project.spec.destinations?.map((d) => [d.server, d.namespace]),
      [['https://kubernetes.default.svc', `platform-${env}`]],
    );
  });

  test(`${env}: the AppProject allows every kind the overlay renders, and only those`, async (t) => {
    const objects = await rendered(t, `clusters/${env}`);
    const manifests = await overlay(t, env);
    if (!objects || !manifests) return;
    const project = find(objects, 'AppProject', `platform-${env}`) as unknown as AppProject;
    const group = (apiVersion: string): string => (apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '');
    const key = (g: string, k: string): string => `${g}/${k}`;
    const namespaced = new Set(manifests.filter((o) => o.metadata.namespace).map((o) => key(group(o.apiVersion), o.kind)));
    const clusterScoped = new Set(manifests.filter((o) => !o.metadata.namespace).map((o) => key(group(o.apiVersion), o.kind)));
    clusterScoped.add(key('', 'Namespace')); // created by CreateNamespace=true
    assert.deepEqual(new Set((project.spec.namespaceResourceWhitelist ?? []).map((r) => key(r.group, r.kind))), namespaced);
    assert.deepEqual(new Set((project.spec.clusterResourceWhitelist ?? []).map((r) => key(r.group, r.kind))), clusterScoped);
    const names = (project.spec.clusterResourceWhitelist ?? []).map((r) => r.name);
    assert.deepEqual(names, [`platform-${env}`, 'gp3', 'platform-node-zone-reader', 'platform-node-zone-reader']);
  });
}

forProduction("the environment's StorageClass is gp3 on the EBS CSI driver, default, zone-aware and expandable", async (objects, env) => {
  const sc = find(objects, 'StorageClass', environments[env].sizing.storageClass ?? 'the default class') as unknown as {
    provisioner: string;
    parameters: Record<string, string>;
    volumeBindingMode: string;
    allowVolumeExpansion: boolean;
    metadata: { annotations: Record<string, string> };
  };
  assert.equal(sc.provisioner, 'ebs.csi.aws.com');
  assert.equal(sc.parameters.type, 'gp3');
  assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
  assert.equal(sc.allowVolumeExpansion, true);
  assert.equal(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
});
