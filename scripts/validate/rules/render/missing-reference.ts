// missing-reference: what a pod refers to (ConfigMaps, Secrets and their keys, PVCs, ServiceAccounts,
// volumes) exists in its render, or is declared as created out of band.
import type { Volume } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../types.ts';
import { HOW_TO_DECLARE, type ExternalKind } from '../external.ts';
import { arr, asRecord, containersOf, replicasOf, type ContainerView, type FieldPath, type PodTemplateView } from '../kube.ts';
import { defineRule } from '../rule.ts';

interface Reference {
  kind: ExternalKind;
  name: string;
  key?: string;
  optional: boolean;
  /** The field that names the object: where a missing object is reported. */
  path: FieldPath;
  /** The field that names the key, where there is one: where a missing key is reported. */
  keyPath?: FieldPath;
  via: string;
}

function volumeReferences(pod: PodTemplateView, v: Volume): Reference[] {
  const base: FieldPath = [...pod.path, 'spec', 'volumes', { name: v.name }];
  const refs: Reference[] = [];
  const keys = (items: { key: string }[] | undefined): (string | undefined)[] => (items?.length ? items.map((i) => i.key) : [undefined]);
  if (v.configMap?.name) for (const key of keys(v.configMap.items)) refs.push({ kind: 'ConfigMap', name: v.configMap.name, key, optional: !!v.configMap.optional, path: [...base, 'configMap', 'name'], via: `volume ${v.name}` });
  if (v.secret?.secretName) for (const key of keys(v.secret.items)) refs.push({ kind: 'Secret', name: v.secret.secretName, key, optional: !!v.secret.optional, path: [...base, 'secret', 'secretName'], via: `volume ${v.name}` });
  if (v.persistentVolumeClaim?.claimName) refs.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, optional: false, path: [...base, 'persistentVolumeClaim', 'claimName'], via: `volume ${v.name}` });
  arr(v.projected?.sources).forEach((src, i) => {
    const at: FieldPath = [...base, 'projected', 'sources', i];
    if (src.configMap?.name) for (const key of keys(src.configMap.items)) refs.push({ kind: 'ConfigMap', name: src.configMap.name, key, optional: !!src.configMap.optional, path: [...at, 'configMap', 'name'], via: `projected volume ${v.name}` });
    if (src.secret?.name) for (const key of keys(src.secret.items)) refs.push({ kind: 'Secret', name: src.secret.name, key, optional: !!src.secret.optional, path: [...at, 'secret', 'name'], via: `projected volume ${v.name}` });
  });
  return refs;
}

function containerReferences(c: ContainerView): Reference[] {
  const refs: Reference[] = [];
  const who = `container ${c.container.name}`;
  arr(c.container.envFrom).forEach((e, i) => {
    const at: FieldPath = [...c.path, 'envFrom', i];
    if (e.configMapRef?.name) refs.push({ kind: 'ConfigMap', name: e.configMapRef.name, optional: !!e.configMapRef.optional, path: [...at, 'configMapRef', 'name'], via: `${who} envFrom` });
    if (e.secretRef?.name) refs.push({ kind: 'Secret', name: e.secretRef.name, optional: !!e.secretRef.optional, path: [...at, 'secretRef', 'name'], via: `${who} envFrom` });
  });
  for (const e of arr(c.container.env)) {
    const at: FieldPath = [...c.path, 'env', { name: e.name }, 'valueFrom'];
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm?.name) refs.push({ kind: 'ConfigMap', name: cm.name, key: cm.key, optional: !!cm.optional, path: [...at, 'configMapKeyRef', 'name'], keyPath: [...at, 'configMapKeyRef', 'key'], via: `${who} env ${e.name}` });
    if (sec?.name) refs.push({ kind: 'Secret', name: sec.name, key: sec.key, optional: !!sec.optional, path: [...at, 'secretKeyRef', 'name'], keyPath: [...at, 'secretKeyRef', 'key'], via: `${who} env ${e.name}` });
  }
  return refs;
}

function keysOf(o: KubeObject): Set<string> {
  const fields = o.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return new Set(fields.flatMap((f) => Object.keys(asRecord(o.body[f]) ?? {})));
}

/** PVC names a StatefulSet's volumeClaimTemplates create: <template>-<statefulset>-<ordinal>. */
function claimTemplateNames(o: KubeObject): { templates: string[]; claims: string[] } {
  if (o.kind !== 'StatefulSet') return { templates: [], claims: [] };
  const vcts = asRecord(o.body.spec)?.volumeClaimTemplates;
  const templates = Array.isArray(vcts) ? vcts.flatMap((t) => { const n = asRecord(asRecord(t)?.metadata)?.name; return typeof n === 'string' ? [n] : []; }) : [];
  const claims = templates.flatMap((t) => Array.from({ length: replicasOf(o) }, (_, i) => `${t}-${o.name}-${i}`));
  return { templates, claims };
}

export default defineRule({
  id: 'missing-reference',
  severity: 'error',
  description: 'A referenced ConfigMap, Secret, PVC, ServiceAccount, key or volume is neither in the render nor declared external in validate.config.yaml.',
  scope: 'rendered-object',
  run({ object: o, pod, render: s, report }) {
    if (!pod) return;
    const vctClaims = s.memo('missing-reference:claims', () => new Set(s.ofKind('StatefulSet').flatMap((o) => claimTemplateNames(o).claims.map((c) => `${o.namespace ?? ''}/${c}`))));
    const exists = (kind: ExternalKind, name: string, ns: string | undefined): KubeObject | 'external' | undefined => {
      const found = s.find(kind, name, ns);
      if (found) return found;
      if (kind === 'PersistentVolumeClaim' && vctClaims.has(`${ns ?? ''}/${name}`)) return 'external';
      if (kind === 'ServiceAccount' && name === 'default') return 'external';
      return s.external.has(kind, name, ns) ? 'external' : undefined;
    };
    const refs: Reference[] = [
      ...arr(pod.spec.volumes).flatMap((v) => volumeReferences(pod, v)),
      ...containersOf(pod).flatMap(containerReferences),
    ];
    arr(pod.spec.imagePullSecrets).forEach((r, i) => {
      if (r.name) refs.push({ kind: 'Secret', name: r.name, optional: false, path: [...pod.path, 'spec', 'imagePullSecrets', i], via: 'imagePullSecrets' });
    });
    const sa = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    if (sa) refs.push({ kind: 'ServiceAccount', name: sa, optional: false, path: [...pod.path, 'spec', pod.spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount'], via: 'the pod' });
    // An overlay whose namespace changed loses every out-of-band object declared for its environment's namespace: namespace-mismatch's finding.
    const drift = s.namespaceDrift?.changed === 'overlay' && o.namespace === s.namespaceDrift.overlay ? s.namespaceDrift : undefined;
    for (const ref of refs) {
      const target = exists(ref.kind, ref.name, o.namespace);
      if (!target) {
        if (ref.optional) continue;
        const causedBy = drift && s.external.has(ref.kind, ref.name, drift.expected) ? drift.cause : undefined;
        report(ref.path, `${o.kind} ${o.name}: ${ref.via} references ${ref.kind} "${ref.name}", which is not in the render; add it, or if it is created out of band ${HOW_TO_DECLARE}`, causedBy ? { causedBy } : {});
      } else if (target !== 'external' && ref.key !== undefined && ref.kind !== 'ServiceAccount' && !keysOf(target).has(ref.key) && !ref.optional) {
        report(ref.keyPath ?? ref.path, `${o.kind} ${o.name}: ${ref.via} reads key "${ref.key}" of ${ref.kind} ${ref.name}, which has keys ${[...keysOf(target)].join(', ') || '(none)'}`, { also: [target] });
      }
    }
    const volumes = new Set([...arr(pod.spec.volumes).map((v) => v.name), ...claimTemplateNames(o).templates]);
    for (const c of containersOf(pod)) {
      for (const m of arr(c.container.volumeMounts)) {
        if (!volumes.has(m.name)) report([...c.path, 'volumeMounts', { name: m.name }], `${o.kind} ${o.name}: container ${c.container.name} mounts volume "${m.name}", which is neither a pod volume nor a volumeClaimTemplate`, { container: c.container.name });
      }
    }
  },
});
