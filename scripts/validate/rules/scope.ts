// One render as the object rules look things up in it: objects by kind, name and namespace, pod
// templates by namespace, and values worked out once per render for every object's rules.
import type { KubeObject, Render } from '../types.ts';
import type { ExternalObjects } from './external.ts';
import type { Facts } from './layers/facts.ts';
import type { NamespaceDrift } from './layers/namespace.ts';
import { podTemplates, type PodTemplateView } from './kube.ts';
import { madePods, type MadePods, makersFrom } from './pod-makers.ts';
import type { PodMaker } from '../types.ts';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const nameKey = (kind: string, name: string, namespace: string | undefined): string => `${kind}\0${namespace ?? ''}\0${name}`;

export class RenderScope {
  readonly pods: PodTemplateView[];
  /** kind, namespace and name to the first such object; built on the first find (a render can hold thousands). */
  private byName: Map<string, KubeObject> | null = null;
  private readonly memos = new Map<string, unknown>();
  constructor(
    readonly render: Render,
    readonly external: ExternalObjects,
    private readonly podMakers: readonly PodMaker[] = [],
    /** What the tree's scripts/environments.ts says of its environments, when it has one. */
    readonly facts?: Facts,
    /** The overlay's namespace, when it differs from its environment's (references that break through it are its consequences). */
    readonly namespaceDrift?: NamespaceDrift,
  ) {
    this.pods = podTemplates(render.objects);
  }

  /** Pods that operators make from custom resources of the render, by namespace (rules/pod-makers.ts). */
  madeIn(namespace: string | undefined): MadePods[] {
    this.madeByNamespace ??= groupBy(madePods(this.render.objects, makersFrom(this.podMakers)), (p) => p.object.namespace ?? '');
    return this.madeByNamespace.get(namespace ?? '') ?? [];
  }
  private madeByNamespace: Map<string, MadePods[]> | null = null;

  /** The pod template of a workload of this render. */
  podOf(o: KubeObject): PodTemplateView | undefined {
    this.podByObject ??= new Map(this.pods.map((p) => [p.object, p]));
    return this.podByObject.get(o);
  }
  private podByObject: Map<KubeObject, PodTemplateView> | null = null;

  /** A value computed once per render under `key` (a rule's own index over the render). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  get objects(): KubeObject[] {
    return this.render.objects;
  }

  /** Objects by kind, and pods and objects by kind by namespace: indexed on first use, as rules ask these per object. */
  private kinds: Map<string, KubeObject[]> | null = null;
  private podsByNamespace: Map<string, PodTemplateView[]> | null = null;
  private kindsByNamespace = new Map<string, Map<string, KubeObject[]>>();

  ofKind(kind: string): KubeObject[] {
    if (!this.kinds) {
      this.kinds = new Map();
      for (const o of this.render.objects) {
        const list = this.kinds.get(o.kind);
        if (list) list.push(o);
        else this.kinds.set(o.kind, [o]);
      }
    }
    return this.kinds.get(kind) ?? [];
  }

  /** Objects of `kind` in `namespace` (undefined and '' are the same, as everywhere here). */
  ofKindIn(kind: string, namespace: string | undefined): KubeObject[] {
    let byNamespace = this.kindsByNamespace.get(kind);
    if (!byNamespace) {
      byNamespace = groupBy(this.ofKind(kind), (o) => o.namespace ?? '');
      this.kindsByNamespace.set(kind, byNamespace);
    }
    return byNamespace.get(namespace ?? '') ?? [];
  }

  find(kind: string, name: string, namespace: string | undefined): KubeObject | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const o of this.render.objects) {
        const key = nameKey(o.kind, o.name, o.namespace);
        if (!this.byName.has(key)) this.byName.set(key, o);
      }
    }
    return this.byName.get(nameKey(kind, name, namespace));
  }

  podsIn(namespace: string | undefined): PodTemplateView[] {
    this.podsByNamespace ??= groupBy(this.pods, (p) => p.object.namespace ?? '');
    return this.podsByNamespace.get(namespace ?? '') ?? [];
  }
}
