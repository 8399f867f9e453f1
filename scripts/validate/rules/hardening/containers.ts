// What the hardening rules share: which prod containers run which component, and where an env
// variable or argument of one is written.
import type { EnvVar } from 'kubernetes-types/core/v1.js';
import { arr, containersOf, imageName, type ContainerView, type FieldPath, type PodTemplateView } from '../kube.ts';
import { isProduction } from '../renders.ts';
import type { RenderScope } from '../scope.ts';

/** Is the render prod? Worked out once per render, whichever rule asks first. */
export const prodRender = (render: RenderScope): boolean => render.memo('hardening:prod', () => isProduction(render.render, render.facts));

/** The pod's containers (init containers included) whose image repository's last segment matches. */
export const containersRunning = (pod: PodTemplateView, image: RegExp): ContainerView[] =>
  containersOf(pod).filter((c) => image.test(imageName(c.container.image)));

/** A literal value of the container's env, with the field path it is written at. */
export interface Setting {
  name: string;
  value: string;
  path: FieldPath;
}

/** The container's literal env values and arguments, each with its field path. */
export function settingsOf(c: ContainerView): Setting[] {
  const env = arr(c.container.env as EnvVar[] | undefined)
    .filter((e) => typeof e.value === 'string')
    .map((e) => ({ name: e.name, value: e.value as string, path: [...c.path, 'env', { name: e.name }, 'value'] as FieldPath }));
  const args = (['command', 'args'] as const).flatMap((field) =>
    arr(c.container[field]).flatMap((a, i) => (typeof a === 'string' ? [{ name: field, value: a, path: [...c.path, field, i] as FieldPath }] : [])),
  );
  return [...env, ...args];
}

export const envValue = (c: ContainerView, name: string): string | undefined => settingsOf(c).find((s) => s.path.includes('env') && s.name === name)?.value;
