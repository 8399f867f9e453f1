// Typed views of the workload shapes the rules inspect: where a kind keeps its pod template,
// its containers, and how label selectors match labels.
import type { Container, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../types.ts';

import { valueAtPath, type FieldPath } from '../paths.ts';
import { splitReference } from './image-reference.ts';

export type { FieldPath, PathSegment } from '../paths.ts';

export interface PodTemplateView {
  object: KubeObject;
  /** Path from the object's root to the pod template (the object carrying metadata + spec). */
  path: FieldPath;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

export interface ContainerView {
  pod: PodTemplateView;
  container: Container;
  init: boolean;
  /** Path from the object's root to this container. */
  path: FieldPath;
}

const NONE: readonly never[] = Object.freeze([]);

/** The list, or none when the manifest holds something else there (the schema check reports that). */
export const arr = <T>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : NONE);

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export const stringMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asRecord(v) ?? {})) out[k] = val == null ? '' : String(val);
  return out;
};

export const metadataOf = (o: KubeObject): { labels: Record<string, string>; annotations: Record<string, string> } => {
  const md = asRecord(o.body.metadata);
  return { labels: stringMap(md?.labels), annotations: stringMap(md?.annotations) };
};

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, FieldPath> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS = new Set([...Object.keys(TEMPLATE_PATHS), 'Pod']);

/** Where a workload kind keeps its pod template; undefined for a Pod (which is its own) and other kinds. */
export const templatePathOf = (kind: string): FieldPath | undefined => TEMPLATE_PATHS[kind];

export function podTemplateOf(o: KubeObject): PodTemplateView | undefined {
  if (o.kind === 'Pod') {
    const spec = asRecord(o.body.spec) as PodSpec | undefined;
    if (!spec) return undefined;
    const { labels, annotations } = metadataOf(o);
    return { object: o, path: [], labels, annotations, spec };
  }
  const path = TEMPLATE_PATHS[o.kind];
  if (!path) return undefined;
  const tpl = asRecord(valueAtPath(o.body, path)) as PodTemplateSpec | undefined;
  if (!tpl?.spec) return undefined;
  return {
    object: o,
    path,
    labels: stringMap(tpl.metadata?.labels),
    annotations: stringMap(tpl.metadata?.annotations),
    spec: tpl.spec,
  };
}

export function podTemplates(objects: readonly KubeObject[]): PodTemplateView[] {
  return objects.flatMap((o) => podTemplateOf(o) ?? []);
}

const containerViews = new WeakMap<PodTemplateView, readonly ContainerView[]>();

/** A pod's init containers and containers, worked out once per pod: every rule over containers asks. */
export function containersOf(pod: PodTemplateView): readonly ContainerView[] {
  let views = containerViews.get(pod);
  if (!views) {
    const out: ContainerView[] = [];
    for (const [field, init] of [['initContainers', true], ['containers', false]] as const) {
      for (const c of arr(pod.spec[field])) {
        out.push({ pod, container: c, init, path: [...pod.path, 'spec', field, { name: c.name }] });
      }
    }
    views = out;
    containerViews.set(pod, views);
  }
  return views;
}

/** Init containers with restartPolicy Always are sidecars: they serve ports like regular containers. */
export const servesTraffic = (c: ContainerView): boolean =>
  !c.init || (c.container as Container & { restartPolicy?: string }).restartPolicy === 'Always';

export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of arr(selector.matchExpressions)) {
    const has = Object.hasOwn(labels, e.key);
    const val = labels[e.key];
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(val as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(val as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A Service's plain map selector as a LabelSelector. */
export const mapSelector = (m: Record<string, string>): LabelSelector => ({ matchLabels: m });

export const isEmptySelector = (s: LabelSelector | undefined): boolean =>
  !s || (Object.keys(s.matchLabels ?? {}).length === 0 && arr(s.matchExpressions).length === 0);

export const describeSelector = (s: LabelSelector | undefined): string => {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of arr(s?.matchExpressions)) parts.push(`${e.key} ${e.operator} (${arr(e.values).join(',')})`);
  return parts.join(', ') || '(empty)';
};

export const replicasOf = (o: KubeObject): number => {
  const r = asRecord(o.body.spec)?.replicas;
  return typeof r === 'number' ? r : 1;
};

export const objectKey = (o: KubeObject): string => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** The image's repository without tag or digest, e.g. `confluentinc/cp-kafka`, and its tag and digest. */
export function splitImage(image: unknown): { repo: string; tag?: string; digest?: string } {
  // Not a string (a number, a template placeholder parsed as a map): image-reference reports it.
  if (typeof image !== 'string') return { repo: '' };
  const { name, tag, digest } = splitReference(image);
  return { repo: name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The last path segment of the image repository, e.g. `cp-kafka`, used to recognise a component. */
export const imageName = (image: unknown): string => {
  const { repo } = splitImage(image);
  return repo.slice(repo.lastIndexOf('/') + 1);
};

export { asRecord };
