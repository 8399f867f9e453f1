// Resolves a host and port, as a client inside the platform writes it, to what serves it: a
// Kubernetes Service (or StatefulSet pod behind a headless Service) of the same render, or a
// compose service of the laptop stack.
//   Kubernetes: svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local, and pod-N.headless with the same suffixes.
//   Compose: a service name, container_name, hostname or network alias.
import type { ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject, Render } from '../types.ts';
import type { ComposeService, ComposeStack } from './compose.ts';
import { arr, asRecord, containersOf, imageName, mapSelector, podTemplates, replicasOf, selectorMatches, servesTraffic, stringMap, type PodTemplateView } from './kube.ts';

export interface Address {
  host: string;
  port: number;
}

/**
 * `near`, on a failure: what the host names, without that port (a non-headless Service, a compose
 * service): the client's port or the target's port was changed.
 */
export type Resolution<T> = { ok: true; target: T; describe: string } | { ok: false; reason: string; near?: T };

/** `host:port`, `scheme://host:port/path`; the scheme's default port when none is written. */
export function parseAddress(raw: string): Address | undefined {
  const s = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `tcp://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const defaults: Record<string, number> = { 'http:': 80, 'https:': 443 };
  const port = url.port ? Number(url.port) : defaults[url.protocol];
  if (!url.hostname || port === undefined) return undefined;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

export const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1']);

const podServes = (pod: PodTemplateView, port: number): boolean =>
  containersOf(pod).filter(servesTraffic).some((c) => arr(c.container.ports).some((p) => p.containerPort === port));

export const podImages = (pods: readonly PodTemplateView[]): string[] =>
  pods.flatMap((p) => containersOf(p).filter(servesTraffic).map((c) => imageName(c.container.image ?? '')));

export interface KubeTarget {
  service: KubeObject;
  pods: PodTemplateView[];
}

export class KubeResolver {
  private readonly pods: PodTemplateView[];
  constructor(private readonly render: Render) {
    this.pods = podTemplates(render.objects);
  }

  private service(name: string, ns: string): KubeObject | undefined {
    return this.render.objects.find((o) => o.kind === 'Service' && o.name === name && (o.namespace ?? ns) === ns);
  }

  private selected(svc: KubeObject): PodTemplateView[] {
    const sel = stringMap(asRecord(svc.body.spec)?.selector);
    if (Object.keys(sel).length === 0) return [];
    return this.pods.filter((p) => (p.object.namespace ?? '') === (svc.namespace ?? '') && selectorMatches(mapSelector(sel), p.labels));
  }

  /** @param namespace the client's namespace, for short names. @param self the client's own pod, for localhost. */
  resolve(addr: Address, namespace: string, self?: PodTemplateView): Resolution<KubeTarget> {
    const { host, port } = addr;
    if (LOCALHOST.has(host)) {
      if (self && podServes(self, port)) return { ok: true, target: { service: self.object, pods: [self] }, describe: `${self.object.kind} ${self.object.name} itself` };
      return { ok: false, reason: `${host}:${port} is the client's own pod, which declares no containerPort ${port}` };
    }
    let rest = host.replace(/\.$/, '');
    let qualified = false;
    for (const suffix of ['.svc.cluster.local', '.svc']) {
      if (rest.endsWith(suffix)) {
        rest = rest.slice(0, -suffix.length);
        qualified = true;
        break;
      }
    }
    const parts = rest.split('.');
    const reasons: string[] = [];
    let portless: KubeObject | undefined;
    // svc or svc.ns
    if ((!qualified && parts.length <= 2) || (qualified && parts.length === 2)) {
      const [name, ns = namespace] = parts as [string, string?];
      const svc = this.service(name, ns);
      if (!svc) reasons.push(`no Service "${name}" in namespace ${ns}`);
      else {
        const spec = asRecord(svc.body.spec) ?? {};
        const pods = this.selected(svc);
        const headless = spec.clusterIP === 'None';
        const ports = (Array.isArray(spec.ports) ? spec.ports : []) as ServicePort[];
        // A headless Service's name resolves to the pod IPs: the pods must listen on the port.
        const ok = headless ? pods.some((p) => podServes(p, port)) : ports.some((p) => p.port === port);
        if (ok) return { ok: true, target: { service: svc, pods }, describe: `Service ${svc.name}:${port}` };
        if (!headless) portless = svc;
        reasons.push(
          headless
            ? `headless Service ${name}'s pods declare no containerPort ${port}`
            : `Service ${name} has no port ${port} (ports: ${ports.map((p) => p.port).join(', ') || 'none'})`,
        );
      }
    }
    // pod-N.headless or pod-N.headless.ns
    if ((!qualified && (parts.length === 2 || parts.length === 3)) || (qualified && parts.length === 3)) {
      const [podName, svcName, ns = namespace] = parts as [string, string, string?];
      const m = /^(.*)-(\d+)$/.exec(podName);
      const svc = this.service(svcName, ns);
      const sts = m
        ? this.render.objects.find((o) => o.kind === 'StatefulSet' && o.name === m[1] && (o.namespace ?? ns) === ns && asRecord(o.body.spec)?.serviceName === svcName)
        : undefined;
      if (m && sts) {
        reasons.length = 0; // it names a StatefulSet's pod: the Service reading is noise
        portless = undefined;
      }
      if (m && svc && sts) {
        const pod = this.pods.find((p) => p.object === sts);
        if (Number(m[2]) >= replicasOf(sts)) reasons.push(`StatefulSet ${sts.name} has ${replicasOf(sts)} replicas, so no pod ${podName}`);
        else if (pod && podServes(pod, port)) return { ok: true, target: { service: svc, pods: [pod] }, describe: `pod ${podName} of StatefulSet ${sts.name}` };
        else reasons.push(`StatefulSet ${sts.name}'s pods declare no containerPort ${port}`);
      } else if (m && sts) reasons.push(`no headless Service "${svcName}" in namespace ${ns} for StatefulSet ${sts.name}`);
      else if (m) reasons.push(`no StatefulSet "${m[1]}" with serviceName ${svcName} in namespace ${ns}`);
    }
    if (reasons.length === 0) reasons.push(`${host} is not a cluster service name (svc[.ns[.svc[.cluster.local]]] or pod-N.headless[...])`);
    return { ok: false, reason: `${host}:${port} does not resolve: ${reasons.join('; ')}`, ...(portless ? { near: { service: portless, pods: this.selected(portless) } } : {}) };
  }
}

export function resolveCompose(stack: ComposeStack, addr: Address, self?: ComposeService): Resolution<ComposeService> {
  const { host, port } = addr;
  const svc = LOCALHOST.has(host) ? self : stack.services.find((s) => s.hostnames.has(host));
  if (!svc) return { ok: false, reason: `${host}:${port} does not resolve: no compose service, container_name, hostname or alias "${host}" in ${stack.file}` };
  if (svc.ports.has(port)) return { ok: true, target: svc, describe: `compose service ${svc.name}:${port}` };
  const declared = [...svc.ports].join(', ');
  return {
    ok: false,
    near: svc,
    reason: declared
      ? `compose service ${svc.name} declares container port(s) ${declared}, not ${port}; if the container listens on ${port} for other services, add \`expose: ["${port}"]\``
      : `compose service ${svc.name} declares no container port; add \`expose: ["${port}"]\` (or a ports entry) so the port is known`,
  };
}
