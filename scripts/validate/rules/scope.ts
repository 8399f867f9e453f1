// What every rule over one render receives.
import type { KubeObject, Render } from '../types.ts';
import type { ExternalObjects } from './external.ts';
import { podTemplates, type FieldPath, type PodTemplateView } from './kube.ts';
import type { Locator } from './locate.ts';
import type { FindingSink } from './sink.ts';
import type { RuleId } from './catalog.ts';
import { objectScope, type WaiverScope } from './waivers.ts';

const nameKey = (kind: string, name: string, namespace: string | undefined): string => `${kind}\0${namespace ?? ''}\0${name}`;

export class RenderScope {
  readonly pods: PodTemplateView[];
  /** kind, namespace and name to the first such object; built on the first find (a render can hold thousands). */
  private byName: Map<string, KubeObject> | null = null;
  constructor(
    readonly render: Render,
    readonly sink: FindingSink,
    readonly locator: Locator,
    readonly external: ExternalObjects,
  ) {
    this.pods = podTemplates(render.objects);
  }

  get objects(): KubeObject[] {
    return this.render.objects;
  }

  ofKind(kind: string): KubeObject[] {
    return this.render.objects.filter((o) => o.kind === kind);
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
    return this.pods.filter((p) => (p.object.namespace ?? '') === (namespace ?? ''));
  }

  /** Reports on a field of `o`, waivable on `o` (and on any extra objects named). */
  report(rule: RuleId, o: KubeObject, path: FieldPath, message: string, also: readonly KubeObject[] = []): void {
    const scope: WaiverScope = [...objectScope(o), ...also.flatMap(objectScope)];
    this.sink.report(rule, this.locator.field(o, path), message, scope, this.render.dir);
  }
}
