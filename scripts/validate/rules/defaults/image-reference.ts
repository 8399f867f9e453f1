// image-reference: every image is a reference the container runtime can pull.
import { containersOf } from '../kube.ts';
import { parseImageReference } from '../image-reference.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'image-reference',
  severity: 'error',
  description: 'An image is not a valid image reference (registry/name:tag@digest, lower-case name), or not a string at all.',
  scope: 'object',
  run({ pod, report }) {
    for (const c of pod ? containersOf(pod) : []) {
      const image: unknown = c.container.image;
      if (image === undefined) continue; // the schema check reports a container without an image
      const parsed = parseImageReference(image);
      if (!parsed.ok) report([...c.path, 'image'], `container ${c.container.name} image ${typeof image === 'string' ? JSON.stringify(image) : String(JSON.stringify(image))} ${parsed.reason}`, { container: c.container.name });
    }
  },
});
