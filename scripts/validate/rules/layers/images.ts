// image-version-drift: the laptop stack runs what the dev overlay runs.
import { splitImage } from '../kube.ts';
import type { FindingSink } from '../sink.ts';
import type { Place } from './place.ts';

export function checkImageDrift(compose: Place, dev: Place, sink: FindingSink): void {
  const devImages = dev.clients().filter((c) => c.image);
  for (const svc of compose.clients()) {
    if (!svc.image) continue;
    const mine = splitImage(svc.image);
    const theirs = devImages.filter((c) => splitImage(c.image as string).repo === mine.repo);
    const differing = theirs.filter((c) => {
      const t = splitImage(c.image as string);
      return t.tag !== mine.tag || t.digest !== mine.digest;
    });
    if (differing.length === 0) continue;
    const other = differing[0]!;
    const at = other.imageAt();
    sink.report(
      'image-version-drift',
      svc.imageAt(),
      `${svc.name} runs ${svc.image}, but ${dev.label} runs ${other.image} (${other.name}, ${at.file}:${at.line})`,
      [...svc.scope, ...differing.flatMap((c) => c.scope)],
    );
  }
}
