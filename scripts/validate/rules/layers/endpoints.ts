// What the endpoint rules share: reading URL lists, and judging that a URL reaches the component it
// is meant to where the client runs.
import { parseAddress } from '../resolve.ts';
import type { PlaceInput } from '../rule.ts';
import { runs, type Component } from './place.ts';
import { reportPortChanges, type AddressUse } from './service-port.ts';

export const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `["http://a:9200","http://b:9200"]`, `http://a:9200,http://b:9200` or one URL. */
export function urlList(v: string): string[] {
  const s = v.trim();
  if (s.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      /* not JSON: fall through to a comma list */
    }
  }
  return s.replace(/^\[|\]$/g, '').split(/[,\s]+/).map((u) => u.replace(/^["']|["']$/g, '')).filter(Boolean);
}

/**
 * Reports each use whose URL, as its client resolves it in its place, does not reach a `what`; a
 * Service port the uses show was changed is reported once at the Service (layers/service-port.ts),
 * and the uses it explains are its consequences.
 */
export function expectReach(input: PlaceInput, rule: string, what: Component, uses: readonly AddressUse[]): void {
  const { place, report } = input;
  const linksOf = reportPortChanges(input, rule, uses);
  for (const u of uses) {
    const addr = parseAddress(u.raw);
    const r = addr ? place.resolve(addr, u.client) : undefined;
    if (!r || !r.ok) report(u.at(), `${u.who} points at ${u.raw}, which does not resolve in ${place.label}: ${r?.describe ?? 'not a URL'}`, u.scope, linksOf(u));
    else if (!runs(r.images, what)) report(u.at(), `${u.who} points at ${u.raw}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not ${what}` : 'whose selector matches no pods'}`, u.scope);
  }
}

