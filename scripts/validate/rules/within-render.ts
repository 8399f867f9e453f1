// Rules over the objects of one render: what refers to what must exist and match.
import type { ContainerPort, Probe, Service, ServicePort, Volume } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { NetworkPolicy, NetworkPolicyPeer } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../types.ts';
import { HOW_TO_DECLARE, type ExternalKind } from './external.ts';
import {
  arr,
  asRecord,
  containersOf,
  describeSelector,
  isEmptySelector,
  mapSelector,
  replicasOf,
  selectorMatches,
  servesTraffic,
  stringMap,
  type ContainerView,
  type FieldPath,
  type PodTemplateView,
} from './kube.ts';
import type { RenderScope } from './scope.ts';

const portsOf = (c: ContainerView): ContainerPort[] => c.container.ports ?? [];

/** Does the pod template serve `port` (a number or a port name) from a running container? */
function podServes(pod: PodTemplateView, port: number | string): boolean {
  return containersOf(pod)
    .filter(servesTraffic)
    .some((c) => portsOf(c).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port)));
}

const portPath = (p: ServicePort, i: number): FieldPath => ['spec', 'ports', p.name ? { name: p.name } : i];

export function checkServices(s: RenderScope): void {
  for (const o of s.ofKind('Service')) {
    const spec = (o.body.spec ?? {}) as Service['spec'] & object;
    const selector = stringMap(spec.selector);
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
    const matched = s.podsIn(o.namespace).filter((p) => selectorMatches(mapSelector(selector), p.labels));
    if (matched.length === 0) {
      s.report('service-selector-no-match', o, ['spec', 'selector'], `Service ${o.name} selects ${describeSelector(mapSelector(selector))}, which no pod template in the render carries`);
      continue;
    }
    arr(spec.ports).forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      const missing = matched.filter((pod) => !podServes(pod, target));
      if (missing.length === 0) return;
      const names = missing.map((m) => `${m.object.kind} ${m.object.name}`).join(', ');
      const what = typeof target === 'number' ? `containerPort ${target}` : `a container port named "${target}"`;
      s.report('service-target-port', o, [...portPath(p, i), p.targetPort === undefined ? 'port' : 'targetPort'], `Service ${o.name} port ${p.name ?? p.port} targets ${what}, which ${names} does not declare`, missing.map((m) => m.object));
    });
  }
}

export function checkStatefulSetServices(s: RenderScope): void {
  for (const o of s.ofKind('StatefulSet')) {
    const serviceName = asRecord(o.body.spec)?.serviceName;
    if (typeof serviceName !== 'string' || serviceName === '') continue;
    const svc = s.find('Service', serviceName, o.namespace);
    if (!svc) {
      s.report('statefulset-headless-service', o, ['spec', 'serviceName'], `StatefulSet ${o.name} names serviceName "${serviceName}", but the render has no Service of that name`);
    } else if (asRecord(svc.body.spec)?.clusterIP !== 'None') {
      s.report('statefulset-headless-service', o, ['spec', 'serviceName'], `StatefulSet ${o.name} names serviceName "${serviceName}", which is not headless; set clusterIP: None on that Service`, [svc]);
    }
  }
}

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

export function checkReferences(s: RenderScope): void {
  const vctClaims = new Set(s.ofKind('StatefulSet').flatMap((o) => claimTemplateNames(o).claims.map((c) => `${o.namespace ?? ''}/${c}`)));
  const exists = (kind: ExternalKind, name: string, ns: string | undefined): KubeObject | 'external' | undefined => {
    const found = s.find(kind, name, ns);
    if (found) return found;
    if (kind === 'PersistentVolumeClaim' && vctClaims.has(`${ns ?? ''}/${name}`)) return 'external';
    if (kind === 'ServiceAccount' && name === 'default') return 'external';
    return s.external.has(kind, name, ns) ? 'external' : undefined;
  };
  for (const pod of s.pods) {
    const o = pod.object;
    const refs: Reference[] = [
      ...arr(pod.spec.volumes).flatMap((v) => volumeReferences(pod, v)),
      ...containersOf(pod).flatMap(containerReferences),
    ];
    arr(pod.spec.imagePullSecrets).forEach((r, i) => {
      if (r.name) refs.push({ kind: 'Secret', name: r.name, optional: false, path: [...pod.path, 'spec', 'imagePullSecrets', i], via: 'imagePullSecrets' });
    });
    const sa = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    if (sa) refs.push({ kind: 'ServiceAccount', name: sa, optional: false, path: [...pod.path, 'spec', pod.spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount'], via: 'the pod' });
    for (const ref of refs) {
      const target = exists(ref.kind, ref.name, o.namespace);
      if (!target) {
        if (ref.optional) continue;
        s.report('missing-reference', o, ref.path, `${o.kind} ${o.name}: ${ref.via} references ${ref.kind} "${ref.name}", which is not in the render; add it, or if it is created out of band ${HOW_TO_DECLARE}`);
      } else if (target !== 'external' && ref.key !== undefined && ref.kind !== 'ServiceAccount' && !keysOf(target).has(ref.key) && !ref.optional) {
        s.report('missing-reference', o, ref.keyPath ?? ref.path, `${o.kind} ${o.name}: ${ref.via} reads key "${ref.key}" of ${ref.kind} ${ref.name}, which has keys ${[...keysOf(target)].join(', ') || '(none)'}`, [target]);
      }
    }
    const volumes = new Set([...arr(pod.spec.volumes).map((v) => v.name), ...claimTemplateNames(o).templates]);
    for (const c of containersOf(pod)) {
      for (const m of arr(c.container.volumeMounts)) {
        if (!volumes.has(m.name)) s.report('missing-reference', o, [...c.path, 'volumeMounts', { name: m.name }], `${o.kind} ${o.name}: container ${c.container.name} mounts volume "${m.name}", which is neither a pod volume nor a volumeClaimTemplate`);
      }
    }
  }
}

const matchesAnyPod = (s: RenderScope, ns: string | undefined, sel: LabelSelector | undefined): boolean =>
  s.podsIn(ns).some((p) => (isEmptySelector(sel) ? true : selectorMatches(sel, p.labels)));

export function checkPdbSelectors(s: RenderScope): void {
  for (const o of s.ofKind('PodDisruptionBudget')) {
    const sel = asRecord(o.body.spec)?.selector as LabelSelector | undefined;
    if (!matchesAnyPod(s, o.namespace, sel)) {
      s.report('pdb-selector-no-match', o, ['spec', 'selector'], `PodDisruptionBudget ${o.name} selects ${describeSelector(sel)}, which no pod template in the render carries`);
    }
  }
}

export function checkNetworkPolicySelectors(s: RenderScope): void {
  for (const o of s.ofKind('NetworkPolicy')) {
    const spec = (o.body.spec ?? {}) as NetworkPolicy['spec'] & object;
    if (!isEmptySelector(spec.podSelector) && !matchesAnyPod(s, o.namespace, spec.podSelector)) {
      s.report('networkpolicy-selector-no-match', o, ['spec', 'podSelector'], `NetworkPolicy ${o.name} applies to ${describeSelector(spec.podSelector)}, which no pod template in the render carries`);
    }
    const peers = (rules: { from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }[] | undefined, dir: 'ingress' | 'egress'): void => {
      arr(rules).forEach((r, i) => {
        const list = dir === 'ingress' ? r.from : r.to;
        arr(list).forEach((peer, j) => {
          // A peer with a namespaceSelector may select pods of other namespaces, outside this render.
          if (!peer.podSelector || peer.namespaceSelector || isEmptySelector(peer.podSelector)) return;
          if (!matchesAnyPod(s, o.namespace, peer.podSelector)) {
            s.report('networkpolicy-selector-no-match', o, ['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j, 'podSelector'], `NetworkPolicy ${o.name} ${dir === 'ingress' ? 'allows traffic from' : 'allows traffic to'} ${describeSelector(peer.podSelector)}, which no pod template in the render carries`);
          }
        });
      });
    };
    peers(spec.ingress, 'ingress');
    peers(spec.egress, 'egress');
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

export function checkProbePorts(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const c of containersOf(pod)) {
      for (const kind of PROBES) {
        const probe: Probe | undefined = c.container[kind];
        if (!probe) continue;
        const handlers = [['httpGet', probe.httpGet?.port], ['tcpSocket', probe.tcpSocket?.port], ['grpc', probe.grpc?.port]] as const;
        for (const [handler, port] of handlers) {
          if (port === undefined) continue;
          const ok = portsOf(c).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
          if (!ok) {
            const declared = portsOf(c).map((p) => (p.name ? `${p.name}=${p.containerPort}` : String(p.containerPort))).join(', ') || 'none';
            s.report('probe-port', pod.object, [...c.path, kind, handler, 'port'], `${kind} of container ${c.container.name} uses port ${port}, which the container does not declare (ports: ${declared})`);
          }
        }
      }
    }
  }
}

export function checkWorkloadSelectors(s: RenderScope): void {
  for (const pod of s.pods) {
    const o = pod.object;
    if (o.kind === 'Pod' || o.kind === 'CronJob') continue;
    const raw = asRecord(o.body.spec)?.selector;
    if (raw === undefined) continue; // Jobs generate their own selector
    const sel = o.kind === 'ReplicationController' ? mapSelector(stringMap(raw)) : (raw as LabelSelector);
    if (!selectorMatches(sel, pod.labels)) {
      s.report('selector-template-mismatch', o, ['spec', 'selector'], `${o.kind} ${o.name} selects ${describeSelector(sel)}, but its pod template is labelled ${describeSelector(mapSelector(pod.labels))}`);
    }
  }
}

export function checkDuplicateEnv(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const c of containersOf(pod)) {
      const seen = new Set<string>();
      arr(c.container.env).forEach((e, i) => {
        if (seen.has(e.name)) s.report('duplicate-env', pod.object, [...c.path, 'env', i], `container ${c.container.name} sets ${e.name} more than once; only the last value takes effect`);
        seen.add(e.name);
      });
    }
  }
}

export const withinRenderRules = [
  checkServices,
  checkStatefulSetServices,
  checkReferences,
  checkPdbSelectors,
  checkNetworkPolicySelectors,
  checkProbePorts,
  checkWorkloadSelectors,
  checkDuplicateEnv,
];
