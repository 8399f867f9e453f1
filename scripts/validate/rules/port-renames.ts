// Where a port-name disagreement starts. Services (targetPort) and probes name a pod's ports; when
// a name they use is declared by no container, either the references or the container port were
// changed. If several references agree on the missing name and exactly one named container port is
// referenced by nothing, that port was renamed: it is the one finding (service-target-port, at its
// `name:`), and the Services' and probes' findings are its consequences. A single reference that
// differs (a typo in one Service's targetPort) stays the error where it is written.
import type { Probe, Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../types.ts';
import { arr, containersOf, mapSelector, selectorMatches, servesTraffic, stringMap, type ContainerView, type FieldPath, type PodTemplateView } from './kube.ts';
import { podServes } from './pods.ts';
import type { RenderScope } from './scope.ts';

type ServiceSpec = Service['spec'] & object;

export interface PortRename {
  container: ContainerView;
  /** The name the references use, and the name the container port has now. */
  from: string;
  to: string;
  containerPort: number;
  /** The path of the port's `name` in its object. */
  path: FieldPath;
  /** What names `from`: `Service kafka`, `readinessProbe of container kafka`. */
  references: string[];
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function probeNames(probe: Probe | undefined): string[] {
  return [probe?.httpGet?.port, probe?.tcpSocket?.port, probe?.grpc?.port].filter((p): p is string => typeof p === 'string');
}

interface ServiceIndex {
  podsOf: Map<KubeObject, PodTemplateView[]>;
  renames: Map<PodTemplateView, PortRename>;
}

/**
 * Which pods each Service of the render selects (one pass over Services and the pods of their
 * namespace, as service-target-port needs anyway), and the renamed ports of the pods some Service
 * names a port of that they do not declare: only those are looked at, so the index costs no more
 * than the selector matching itself.
 */
function index(scope: RenderScope): ServiceIndex {
  return scope.memo('service-pods', () => {
    const podsOf = new Map<KubeObject, PodTemplateView[]>();
    const servicesOf = new Map<PodTemplateView, { name: string; spec: ServiceSpec }[]>();
    const suspects = new Set<PodTemplateView>();
    for (const svc of scope.ofKind('Service')) {
      const spec = (svc.body.spec ?? {}) as ServiceSpec;
      const selector = stringMap(spec.selector);
      const pods = Object.keys(selector).length === 0 ? [] : scope.podsIn(svc.namespace).filter((p) => selectorMatches(mapSelector(selector), p.labels));
      podsOf.set(svc, pods);
      for (const pod of pods) {
        const list = servicesOf.get(pod);
        if (list) list.push({ name: svc.name, spec });
        else servicesOf.set(pod, [{ name: svc.name, spec }]);
        if (arr(spec.ports).some((p) => typeof p.targetPort === 'string' && !podServes(pod, p.targetPort))) suspects.add(pod);
      }
    }
    const renames = new Map<PodTemplateView, PortRename>();
    for (const pod of suspects) {
      const rename = renameIn(pod, servicesOf.get(pod) ?? []);
      if (rename) renames.set(pod, rename);
    }
    return { podsOf, renames };
  });
}

function renameIn(pod: PodTemplateView, services: readonly { name: string; spec: ServiceSpec }[]): PortRename | undefined {
  const serving = containersOf(pod).filter(servesTraffic);
  const references = new Map<string, string[]>();
  const refer = (name: string, who: string): void => {
    const list = references.get(name);
    if (list) list.push(who);
    else references.set(name, [who]);
  };
  for (const svc of services) for (const p of arr(svc.spec.ports)) if (typeof p.targetPort === 'string') refer(p.targetPort, `Service ${svc.name}`);
  for (const c of containersOf(pod)) for (const kind of PROBES) for (const name of probeNames(c.container[kind])) refer(name, `${kind} of container ${c.container.name}`);
  const named = serving.flatMap((c) => arr(c.container.ports).flatMap((p) => (p.name ? [{ c, name: p.name, containerPort: p.containerPort }] : [])));
  const missing = [...references.keys()].filter((n) => !named.some((p) => p.name === n));
  const from = missing[0];
  if (missing.length !== 1 || from === undefined || (references.get(from)?.length ?? 0) < 2) return undefined;
  const unreferenced = named.filter((p) => !references.has(p.name));
  if (unreferenced.length !== 1) return undefined;
  const [port] = unreferenced as [(typeof unreferenced)[number]];
  return {
    container: port.c,
    from,
    to: port.name,
    containerPort: port.containerPort,
    path: [...port.c.path, 'ports', { name: port.name }, 'name'],
    references: [...new Set(references.get(from))],
  };
}

/** The pod templates of the render that a Service selects. */
export const selectedPods = (scope: RenderScope, svc: KubeObject): PodTemplateView[] => index(scope).podsOf.get(svc) ?? [];

/** The container port of `pod` that was renamed away from what its Services and probes call it, if one was. */
export const portRename = (scope: RenderScope, pod: PodTemplateView): PortRename | undefined => index(scope).renames.get(pod);
