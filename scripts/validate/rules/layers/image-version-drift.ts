// image-version-drift: the laptop stack runs what the dev overlay runs.
import type { SourceLocation } from '../../types.ts';
import { splitImage } from '../kube.ts';
import { defineRule } from '../rule.ts';
import type { WaiverScope } from '../waivers.ts';
import { ComposePlace, KubePlace, type Place } from './place.ts';

function checkImageDrift(compose: Place, dev: Place, report: (at: SourceLocation, message: string, waivers: WaiverScope) => void): void {
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
    report(
      svc.imageAt(),
      `${svc.name} runs ${svc.image}, but ${dev.label} runs ${other.image} (${other.name}, ${at.file}:${at.line})`,
      [...svc.scope, ...differing.flatMap((c) => c.scope)],
    );
  }
}

export default defineRule({
  id: 'image-version-drift',
  severity: 'error',
  description: 'The compose stack and the dev overlay run different tags of the same image.',
  scope: 'place',
  run({ place, places, report }) {
    if (!(place instanceof ComposePlace)) return;
    for (const kube of places.filter((p) => p instanceof KubePlace)) checkImageDrift(place, kube, report);
  },
});
