// Where a port disagreement starts. A client names a Service and a port; when the Service has no
// such port, either the client's address or the Service's port was changed. If the clients that use
// the Service agree with each other (several of them use the same missing port, or the one that does
// uses the port the Service's own pods listen on) and none reaches the Service's port, the Service is
// the odd one: one finding at its `port:` line (in base/, or the overlay patch that set it), and the
// clients' findings are consequences of it. If some client reaches the Service's port, the others
// are the edits and are reported where they are written. In the compose stack a service's `expose`
// entry plays the Service port's part.
import type { ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject, SourceLocation } from '../../types.ts';
import { arr, asRecord, containersOf, mapSelector, podTemplates, selectorMatches, servesTraffic, stringMap, type PodTemplateView } from '../kube.ts';
import { Locator, sourcesOf } from '../locate.ts';
import { parseAddress } from '../resolve.ts';
import type { PlaceInput } from '../rule.ts';
import type { FindingLinks } from '../sink.ts';
import { objectScope, type WaiverScope } from '../waivers.ts';
import type { ComposeService } from '../compose.ts';
import { ComposePlace, KubePlace, type Client, type Place, type Resolved } from './place.ts';

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

/** A port a target declares: its number, what it is called in a message, where it is written, and the container port it reaches when known. */
interface Declared {
  port: number;
  label: string;
  at: () => SourceLocation;
  listens?: number;
}

interface Target {
  what: string;
  ports: Declared[];
  scope: WaiverScope;
}

/** The pods a Service selects in its render. */
function selected(place: KubePlace, svc: KubeObject): PodTemplateView[] {
  const sel = stringMap(asRecord(svc.body.spec)?.selector);
  if (Object.keys(sel).length === 0) return [];
  return podTemplates(place.render.objects).filter((p) => (p.object.namespace ?? '') === (svc.namespace ?? '') && selectorMatches(mapSelector(sel), p.labels));
}

/** The container port a Service port forwards to in its pods (a name is looked up, a number is itself). */
function forwardsTo(entry: ServicePort, pods: readonly PodTemplateView[]): number | undefined {
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

/**
 * A Kubernetes Service's ports (each with the container port it reaches), or a compose service's
 * `expose` entries (the container ports themselves: nothing else says what the container listens on).
 */
function targetOf(place: Place, named: KubeObject | ComposeService, locator: Locator): Target | undefined {
  if (place instanceof KubePlace && 'kind' in named) {
    const pods = selected(place, named);
    const ports = arr(asRecord(named.body.spec)?.ports as ServicePort[] | undefined).map((p, i) => ({
      port: p.port,
      label: `Service ${named.name}'s port ${p.name ? `"${p.name}"` : i}`,
      at: () => locator.field(named, ['spec', 'ports', p.name ? { name: p.name } : i, 'port']),
      listens: forwardsTo(p, pods),
    }));
    return { what: named.name, ports, scope: objectScope(named) };
  }
  if (place instanceof ComposePlace && !('kind' in named)) {
    const ports = named.exposed.map((e) => ({ port: e.port, label: `compose service ${named.name}'s expose entry`, at: () => place.stack.at(e.path) }));
    return { what: named.name, ports, scope: [named.labels] };
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
  const judged: Judged[] = uses.map((use) => {
    const addr = parseAddress(use.raw);
    return { use, port: addr?.port, r: addr ? place.resolve(addr, use.client) : undefined };
  });
  const named = [...new Set(judged.flatMap((j) => (j.r && !j.r.ok && j.r.target ? [j.r.target] : [])))];
  const causes = new Map<AddressUse, FindingLinks>();
  const changes: PortChange[] = [];
  const locator = new Locator(sourcesOf(input.ctx));
  for (const t of named) {
    const target = targetOf(place, t, locator);
    if (!target) continue;
    const failing = judged.filter((j) => j.r && !j.r.ok && j.r.target === t);
    const wanted = [...new Set(failing.map((j) => j.port))];
    // Clients that disagree among themselves leave nothing to say about the Service.
    if (wanted.length !== 1 || wanted[0] === undefined) continue;
    const was = wanted[0];
    // The port meant: the one that reaches the port the clients use in the pods, else the only one.
    const entry = target.ports.find((p) => p.listens === was) ?? (target.ports.length === 1 ? target.ports[0] : undefined);
    if (!entry) continue;
    const podsAgree = entry.listens === was;
    const agreeing = judged.some((j) => j.r?.ok && j.r.target === t && j.port === entry.port);
    const places = new Set(failing.map((j) => `${j.use.at().file}:${j.use.at().line}`));
    if (agreeing || (!podsAgree && places.size < 2)) continue;
    const at = entry.at();
    const who = listed([...new Set(failing.map((j) => j.use.who))]);
    changes.push({
      at,
      scope: target.scope,
      message:
        `${entry.label} is ${entry.port}, but ${who} ${failing.length === 1 ? 'uses' : 'use'} ${target.what}:${was}` +
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
