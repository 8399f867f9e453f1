// namespace-mismatch: an overlay deploys into its environment's namespace (scripts/environments.ts).
// Reported once, where the namespace was changed (layers/namespace.ts); what follows from it
// elsewhere (the Argo CD Application, references to out-of-band Secrets) is folded under it.
import { defineRule } from '../rule.ts';
import { namespaceDrift } from './namespace.ts';
import { KubePlace } from './place.ts';

const where = (at: { file: string; line: number }): string => `${at.file}:${at.line}`;

export default defineRule({
  id: 'namespace-mismatch',
  severity: 'error',
  description: "An overlay's namespace differs from its environment's namespace in scripts/environments.ts.",
  scope: 'place',
  run({ place, ctx, facts, factsFile, report }) {
    if (!(place instanceof KubePlace)) return;
    const d = namespaceDrift(ctx, place.render, facts, factsFile);
    if (!d) return;
    const apps = d.apps.map((a) => `${a.label} (${where(a.at)}) deploys it into ${a.namespace}`);
    if (d.changed === 'overlay') {
      const also = apps.length ? `; ${apps.join('; ')}` : '';
      report(
        d.overlayAt,
        `${place.label} sets namespace ${d.overlay}, but ${d.env}'s namespace is ${d.expected} (${where(d.expectedAt)})${also}. ` +
          `Set it back to ${d.expected}; to move ${d.env} to ${d.overlay}, change ${d.expectedAt.file} and the Applications, then declare its out-of-band objects in that namespace in validate.config.yaml`,
        [],
      );
    } else {
      report(
        d.expectedAt,
        `${d.env}'s namespace is ${d.expected} here, but ${place.label} sets ${d.overlay} (${where(d.overlayAt)}) and ${apps.join('; ')}. ` +
          `Change it back to ${d.overlay}, or move the overlay and the Applications to ${d.expected} too`,
        [],
        { environmentWide: true },
      );
    }
  },
});
