// Objects that exist on the cluster but never in git (Secrets created out of band, ...), declared in
// validate.config.yaml so that missing-reference accepts them:
//   kubernetes:
//     externalObjects:
//       - { kind: Secret, name: elasticsearch-credentials, namespace: platform-prod, reason: "..." }
import { loadConfig } from '../config.ts';
import type { Context, ExternalObject } from '../types.ts';

export type ExternalKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

export class ExternalObjects {
  constructor(private readonly declared: readonly ExternalObject[]) {}

  has(kind: ExternalKind, name: string, namespace: string | undefined): boolean {
    return this.declared.some((e) => e.kind === kind && e.name === name && (e.namespace === undefined || e.namespace === namespace));
  }
}

/** The declared external objects; none when the file is absent. A malformed file is reported by the pipeline. */
export function readExternal(ctx: Pick<Context, 'root' | 'config'>): ExternalObjects {
  if (ctx.config) return new ExternalObjects(ctx.config.externalObjects);
  try {
    return new ExternalObjects(loadConfig(ctx.root).externalObjects);
  } catch {
    return new ExternalObjects([]);
  }
}

export const HOW_TO_DECLARE = 'declare it under kubernetes.externalObjects in validate.config.yaml (kind, name, namespace, reason)';
