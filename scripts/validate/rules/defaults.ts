// Security and reliability defaults, in the spirit of kube-linter's default checks.
import { isDeepStrictEqual } from 'node:util';
import type { PodAffinityTerm, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../types.ts';
import { arr, asRecord, containersOf, replicasOf, selectorMatches, splitImage, type PodTemplateView } from './kube.ts';
import { isProd } from './renders.ts';
import type { RenderScope } from './scope.ts';

const HOSTNAME = 'kubernetes.io/hostname';
const BATCH = new Set(['Job', 'CronJob']);

export function checkImageTags(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const c of containersOf(pod)) {
      const image = c.container.image ?? '';
      const { tag, digest } = splitImage(image);
      if (digest) continue;
      if (!tag) s.report('image-tag', pod.object, [...c.path, 'image'], `container ${c.container.name} image "${image}" has no tag; pin an exact version`);
      else if (tag === 'latest') s.report('image-tag', pod.object, [...c.path, 'image'], `container ${c.container.name} image "${image}" uses latest; pin an exact version`);
    }
  }
}

export function checkResources(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const c of containersOf(pod)) {
      const r = c.container.resources ?? {};
      const missing = [
        ['requests', 'cpu'],
        ['requests', 'memory'],
        ['limits', 'cpu'],
        ['limits', 'memory'],
      ]
        .filter(([group, res]) => asRecord(r[group as 'requests' | 'limits'])?.[res as string] === undefined)
        .map(([group, res]) => `${group}.${res}`);
      if (missing.length > 0) s.report('resources', pod.object, [...c.path, 'resources'], `container ${c.container.name} sets no ${missing.join(', ')}`);
    }
  }
}

export function checkProbes(s: RenderScope): void {
  for (const pod of s.pods) {
    if (BATCH.has(pod.object.kind)) continue; // a run-to-completion pod has nothing to be ready for
    for (const c of containersOf(pod)) {
      if (c.init) continue;
      const { readinessProbe: ready, livenessProbe: live } = c.container;
      const missing = [ready ? '' : 'readinessProbe', live ? '' : 'livenessProbe'].filter(Boolean);
      if (missing.length > 0) {
        s.report('probes', pod.object, c.path, `container ${c.container.name} has no ${missing.join(' and ')}`);
      } else if (isDeepStrictEqual(ready, live)) {
        s.report('probes', pod.object, [...c.path, 'livenessProbe'], `container ${c.container.name} has identical readiness and liveness probes; a liveness probe should only restart a wedged process (e.g. a cheaper check, longer period or higher failureThreshold)`);
      }
    }
  }
}

export function checkSecurityContext(s: RenderScope): void {
  for (const pod of s.pods) {
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
        s.report('security-context', pod.object, [...c.path, 'securityContext'], `${c.init ? 'init ' : ''}container ${c.container.name}: ${problems.join('; ')}`);
      }
    }
  }
}

export function checkHostNamespaces(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod.spec[field] === true) s.report('host-namespaces', pod.object, [...pod.path, 'spec', field], `${pod.object.kind} ${pod.object.name} sets ${field}: true`);
    }
  }
}

export function checkHostPath(s: RenderScope): void {
  for (const pod of s.pods) {
    for (const v of arr(pod.spec.volumes)) {
      if (v.hostPath) s.report('host-path', pod.object, [...pod.path, 'spec', 'volumes', { name: v.name }, 'hostPath'], `${pod.object.kind} ${pod.object.name} mounts hostPath ${v.hostPath.path} as volume ${v.name}`);
    }
  }
}

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

export function checkPdbPresence(s: RenderScope): void {
  for (const pod of s.pods) {
    const o = pod.object;
    if (!REPLICATED.has(o.kind) || replicasOf(o) <= 1) continue;
    const covered = s.ofKindIn('PodDisruptionBudget', o.namespace).some((p) => selectorMatches(asRecord(p.body.spec)?.selector as LabelSelector | undefined, pod.labels));
    if (!covered) s.report('pdb-missing', o, ['spec', 'replicas'], `${o.kind} ${o.name} runs ${replicasOf(o)} replicas but no PodDisruptionBudget selects its pods`);
  }
}

function spreadsOverHosts(pod: PodTemplateView): boolean {
  const own = (sel: LabelSelector | undefined): boolean => selectorMatches(sel, pod.labels);
  const anti = pod.spec.affinity?.podAntiAffinity;
  const terms: PodAffinityTerm[] = [
    ...arr(anti?.requiredDuringSchedulingIgnoredDuringExecution),
    ...arr(anti?.preferredDuringSchedulingIgnoredDuringExecution).map((w) => w.podAffinityTerm),
  ];
  if (terms.some((t) => t.topologyKey === HOSTNAME && own(t.labelSelector))) return true;
  const spread: TopologySpreadConstraint[] = pod.spec.topologySpreadConstraints ?? [];
  return spread.some((t) => t.topologyKey === HOSTNAME && own(t.labelSelector));
}

/** Prod is the render of overlays/prod (or clusters/prod), else one whose namespace ends in -prod. */
export function checkAntiAffinity(s: RenderScope): void {
  if (!isProd(s.render)) return;
  for (const pod of s.pods) {
    const o = pod.object;
    if (o.kind !== 'StatefulSet' || replicasOf(o) <= 1) continue;
    if (!spreadsOverHosts(pod)) {
      s.report('anti-affinity', o, [...pod.path, 'spec', 'affinity'], `StatefulSet ${o.name} runs ${replicasOf(o)} replicas in prod without podAntiAffinity (or a topologySpreadConstraint) on ${HOSTNAME} whose selector matches its own pod labels; one node drain could take out several replicas`);
    }
  }
}

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

/** A pod needs the API exactly when its ServiceAccount is bound to a Role or ClusterRole. */
export function checkAutomountToken(s: RenderScope): void {
  const bound = boundServiceAccounts(s);
  for (const pod of s.pods) {
    const o: KubeObject = pod.object;
    const saName = pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default';
    const sa = s.find('ServiceAccount', saName, o.namespace);
    const automount = pod.spec.automountServiceAccountToken ?? (asRecord(sa?.body)?.automountServiceAccountToken as boolean | undefined) ?? true;
    if (!automount || bound.has(`${o.namespace ?? ''}/${saName}`)) continue;
    s.report('automount-token', o, [...pod.path, 'spec', 'automountServiceAccountToken'], `${o.kind} ${o.name} mounts the token of ServiceAccount ${saName}, which no RoleBinding grants anything; set automountServiceAccountToken: false`, sa ? [sa] : []);
  }
}

export const defaultsRules = [
  checkImageTags,
  checkResources,
  checkProbes,
  checkSecurityContext,
  checkHostNamespaces,
  checkHostPath,
  checkPdbPresence,
  checkAntiAffinity,
  checkAutomountToken,
];
