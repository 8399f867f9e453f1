// image-tag: every image is pinned to an exact version.
import { containersOf, splitImage } from '../kube.ts';
import { parseImageReference } from '../image-reference.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'image-tag',
  severity: 'error',
  policy: true,
  description: 'An image has no tag or uses `latest`.',
  scope: 'object',
  run({ pod, report }) {
    for (const c of pod ? containersOf(pod) : []) {
      const image: unknown = c.container.image;
      // An image that is not a valid reference is image-reference's finding, not a tag question.
      if (typeof image !== 'string' || !parseImageReference(image).ok) continue;
      const { tag, digest } = splitImage(image);
      if (digest) continue;
      if (!tag) report([...c.path, 'image'], `container ${c.container.name} image "${image}" has no tag; pin an exact version`, { container: c.container.name });
      else if (tag === 'latest') report([...c.path, 'image'], `container ${c.container.name} image "${image}" uses latest; pin an exact version`, { container: c.container.name });
    }
  },
});
