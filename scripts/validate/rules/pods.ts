// What the selector rules ask of a render's pods: which pod templates a selector matches, and the
// ports a pod template serves.
import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { arr, containersOf, isEmptySelector, selectorMatches, servesTraffic, type ContainerView, type PodTemplateView } from './kube.ts';
import type { RenderScope } from './scope.ts';

export const portsOf = (c: ContainerView): readonly ContainerPort[] => arr(c.container.ports);

/** Does the pod template serve `port` (a number or a port name) from a running container? */
export function podServes(pod: PodTemplateView, port: number | string): boolean {
  return containersOf(pod)
    .filter(servesTraffic)
    .some((c) => portsOf(c).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port)));
}

/** Does any running container of the pod template list its ports? */
export const declaresPorts = (pod: PodTemplateView): boolean => containersOf(pod).filter(servesTraffic).some((c) => portsOf(c).length > 0);

/**
 * Does any pod of the namespace carry labels the selector matches (an empty selector matches every
 * pod)? Pods an operator makes from a custom resource of the render count.
 */
export const matchesAnyPod = (s: RenderScope, ns: string | undefined, sel: LabelSelector | undefined): boolean =>
  isEmptySelector(sel) ? s.podsIn(ns).length > 0 || s.madeIn(ns).length > 0 : [...s.podsIn(ns), ...s.madeIn(ns)].some((p) => selectorMatches(sel, p.labels));
