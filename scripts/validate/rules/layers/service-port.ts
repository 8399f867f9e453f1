// Where a port disagreement starts. A client names a Service and a port; when the Service has no
// such port, either the client's address or the Service's port was changed. If the clients that use
// the Service agree with each other (several of them use the same missing port, or the one that does
// uses the port the Service's own pods listen on) and none reaches the Service's port, the Service is
// the odd one: one finding at its `port:` line (in base/, or the overlay patch that set it), and the
// clients' findings are consequences of it. If some client reaches the Service's port, the others
// are the edits and are reported where they are written.
import type { ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject, SourceLocation } from '../../types.ts';
import { arr, asRecord, containersOf, mapSelector, podTemplates, selectorMatches, servesTraffic, stringMap, type PodTemplateView } from '../kube.ts';
import { Locator, sourcesOf } from '../locate.ts';
import { parseAddress } from '../resolve.ts';
import type { PlaceInput } from '../rule.ts';
import type { FindingLinks } from '../sink.ts';
import { objectScope, type WaiverScope } from '../waivers.ts';
import { KubePlace, type Client, type Resolved } from './place.ts';

/** One address a client is configured with: what it says, where, and how the rule names the client. */
export interface AddressUse {
  client: Client;
  raw: string;
  at: () => SourceLocation;
  scope: WaiverScope;
  who: string;
}

interface Judged {
  use: AddressUse;
  port: number | undefined;
  r: Resolved | undefined;
}

/** A Service port the clients show was changed: where it is written, the finding's message and waivers. */
export interface PortChange {
  at: SourceLocation;
  message: string;
  scope: WaiverScope;
}

/** The pods a Service selects in its render. */
function selected(place: KubePlace, svc: KubeObject): PodTemplateView[] {
  const sel = stringMap(asRecord(svc.body.spec)?.selector);
  if (Object.keys(sel).length === 0) return [];
  return podTemplates(place.render.objects).filter((p) => (p.object.namespace ?? '') === (svc.namespace ?? '') && selectorMatches(mapSelector(sel), p.labels));
}

/** The container port a Service port forwards to in its pods (a name is looked up, a number is itself). */
function targetOf(entry: ServicePort, pods: readonly PodTemplateView[]): number | undefined {
  const target = entry.targetPort ?? entry.port;
  if (typeof target === 'number') return target;
  for (const pod of pods) {
    for (const c of containersOf(pod).filter(servesTraffic)) {
      const hit = arr(c.container.ports).find((p) => p.name === target);
      if (hit) return hit.containerPort;
    }
  }
  return undefined;
}

/** Client names hold commas (`Deployment producer, container producer`): a semicolon separates them. */
const listed = (names: string[]): string => (names.length <= 3 ? names.join('; ') : `${names.slice(0, 3).join('; ')} and ${names.length - 3} more`);

/**
 * The Service ports of `place` that `uses` (one rule's clients) show were changed, each as a finding
 * for `rule` to report; `linksOf` gives a use's finding its cause when one of them explains it.
 */
export function portChanges(input: PlaceInput, rule: string, uses: readonly AddressUse[]): { changes: PortChange[]; linksOf(use: AddressUse): FindingLinks } {
  const { place } = input;
  const none = { changes: [], linksOf: () => ({}) };
  if (!(place instanceof KubePlace)) return none;
  const judged: Judged[] = uses.map((use) => {
    const addr = parseAddress(use.raw);
    return { use, port: addr?.port, r: addr ? place.resolve(addr, use.client) : undefined };
  });
  const services = [...new Set(judged.flatMap((j) => (j.r && !j.r.ok && j.r.service ? [j.r.service] : [])))];
  const causes = new Map<AddressUse, FindingLinks>();
  const changes: PortChange[] = [];
  const locator = new Locator(sourcesOf(input.ctx));
  for (const svc of services) {
    const failing = judged.filter((j) => j.r && !j.r.ok && j.r.service === svc);
    const wanted = [...new Set(failing.map((j) => j.port))];
    // Clients that disagree among themselves leave nothing to say about the Service.
    if (wanted.length !== 1 || wanted[0] === undefined) continue;
    const was = wanted[0];
    const ports = arr(asRecord(svc.body.spec)?.ports as ServicePort[] | undefined);
    const pods = selected(place, svc);
    const index = ports.findIndex((p) => targetOf(p, pods) === was);
    const i = index >= 0 ? index : ports.length === 1 ? 0 : -1;
    const entry = ports[i];
    if (!entry) continue;
    const podsAgree = index >= 0;
    const agreeing = judged.some((j) => j.r?.ok && j.r.service === svc && j.port === entry.port);
    const places = new Set(failing.map((j) => `${j.use.at().file}:${j.use.at().line}`));
    if (agreeing || (!podsAgree && places.size < 2)) continue;
    const at = locator.field(svc, ['spec', 'ports', entry.name ? { name: entry.name } : i, 'port']);
    const who = listed([...new Set(failing.map((j) => j.use.who))]);
    changes.push({
      at,
      scope: objectScope(svc),
      message:
        `Service ${svc.name}'s port ${entry.name ? `"${entry.name}"` : i} is ${entry.port}, but ${who} ${failing.length === 1 ? 'uses' : 'use'} ${svc.name}:${was}` +
        `${podsAgree ? ` and its pods listen on ${was}` : ''}: set it back to ${was}, or change every client to ${entry.port}`,
    });
    for (const j of failing) causes.set(j.use, { causedBy: { file: at.file, line: at.line, rule } });
  }
  return { changes, linksOf: (use) => causes.get(use) ?? {} };
}

/** Reports each changed Service port once, at its `port:` line; returns the links for the clients' findings. */
export function reportPortChanges(input: PlaceInput, rule: string, uses: readonly AddressUse[]): (use: AddressUse) => FindingLinks {
  const { changes, linksOf } = portChanges(input, rule, uses);
  for (const c of changes) input.report(c.at, c.message, c.scope);
  return linksOf;
}
