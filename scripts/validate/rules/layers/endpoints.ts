// What the endpoint rules share: reading URL lists, and judging that a URL reaches the component it
// is meant to where the client runs.
import type { SourceLocation } from '../../types.ts';
import { parseAddress } from '../resolve.ts';
import type { PlaceInput } from '../rule.ts';
import type { WaiverScope } from '../waivers.ts';
import { runs, type Client, type Component } from './place.ts';

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

/** Reports unless `url`, as `from` resolves it in its place, reaches a `what`. */
export function expectReaches({ place, report }: PlaceInput, what: Component, from: Client, url: string, at: SourceLocation, scope: WaiverScope, who: string): void {
  const addr = parseAddress(url);
  const r = addr ? place.resolve(addr, from) : undefined;
  if (!r || !r.ok) report(at, `${who} points at ${url}, which does not resolve in ${place.label}: ${r?.describe ?? 'not a URL'}`, scope);
  else if (!runs(r.images, what)) report(at, `${who} points at ${url}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not ${what}` : 'whose selector matches no pods'}`, scope);
}

