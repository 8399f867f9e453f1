// Per-object waivers: `ignore-check.platform-team.io/<rule-id>: "<reason>"` as an annotation on the
// object (or its pod template), or as a label on a compose service. A waiver must say why. A waiver
// of a rule about containers may name them, `"container=sysctl; <reason>"` (several: `container=a,b`):
// it then waives the rule for those containers only, not for every container of the pod.
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

/** A waiver's value: its reason, and the containers it is limited to (none: the whole object). */
export function parseWaiverValue(value: string): { reason: string; containers?: string[] } {
  const m = /^\s*containers?\s*=\s*([^;]*);([\s\S]*)$/.exec(value);
  if (!m) return { reason: value.trim() };
  const containers = (m[1] as string).split(',').map((c) => c.trim()).filter(Boolean);
  return { reason: (m[2] as string).trim(), containers };
}

/** @param container the container a finding is about; a waiver naming containers waives only findings about one of them. */
export function waiverState(scope: WaiverScope, rule: string, container?: string): WaiverState {
  let state: WaiverState = 'none';
  for (const map of scope) {
    if (!Object.hasOwn(map, WAIVER_PREFIX + rule)) continue;
    const { reason, containers } = parseWaiverValue(map[WAIVER_PREFIX + rule] ?? '');
    if (containers && (container === undefined || !containers.includes(container))) continue;
    if (reason !== '') return 'waived';
    state = 'no-reason';
  }
  return state;
}

/**
 * Every waiver key in an annotation (or label) map as written, with its rule id and reason. Looked
 * for in place: every object's annotations are asked, and few hold a waiver.
 */
export function waiversIn(map: unknown): { key: string; rule: string; reason: string; containers?: string[] }[] {
  const out: { key: string; rule: string; reason: string; containers?: string[] }[] = [];
  if (!map || typeof map !== 'object' || Array.isArray(map)) return out;
  const record = map as Record<string, unknown>;
  for (const key in record) {
    if (!key.startsWith(WAIVER_PREFIX)) continue;
    const value = record[key];
    out.push({ key, rule: key.slice(WAIVER_PREFIX.length), ...parseWaiverValue(value == null ? '' : String(value)) });
  }
  return out;
}
