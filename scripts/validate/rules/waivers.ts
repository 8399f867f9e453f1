// Per-object waivers: `ignore-check.platform-team.io/<rule-id>: "<reason>"` as an annotation on the
// object (or its pod template), or as a label on a compose service. A waiver must say why.
import type { KubeObject } from '../types.ts';
import { metadataOf, podTemplateOf } from './kube.ts';

export const WAIVER_PREFIX = 'ignore-check.platform-team.io/';

/** Annotation (or label) maps that may waive a finding about one object. */
export type WaiverScope = readonly Record<string, string>[];

export function objectScope(o: KubeObject): WaiverScope {
  const scope = [metadataOf(o).annotations];
  const pod = podTemplateOf(o);
  if (pod && pod.path.length > 0) scope.push(pod.annotations);
  return scope;
}

export type WaiverState = 'none' | 'waived' | 'no-reason';

export function waiverState(scope: WaiverScope, rule: string): WaiverState {
  let state: WaiverState = 'none';
  for (const map of scope) {
    if (!Object.hasOwn(map, WAIVER_PREFIX + rule)) continue;
    if ((map[WAIVER_PREFIX + rule] ?? '').trim() !== '') return 'waived';
    state = 'no-reason';
  }
  return state;
}

/**
 * Every waiver key in an annotation (or label) map as written, with its rule id and reason. Looked
 * for in place: every object's annotations are asked, and few hold a waiver.
 */
export function waiversIn(map: unknown): { key: string; rule: string; reason: string }[] {
  const out: { key: string; rule: string; reason: string }[] = [];
  if (!map || typeof map !== 'object' || Array.isArray(map)) return out;
  const record = map as Record<string, unknown>;
  for (const key in record) {
    if (!key.startsWith(WAIVER_PREFIX)) continue;
    const value = record[key];
    out.push({ key, rule: key.slice(WAIVER_PREFIX.length), reason: (value == null ? '' : String(value)).trim() });
  }
  return out;
}
