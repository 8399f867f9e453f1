// topic-mismatch: the producer writes the environment's topic, and Logstash's kafka input reads it.
// A topic changed in scripts/environments.ts and not regenerated is one finding at the source's
// literal (layers/source-change.ts); a config edited by hand is one finding where it is written.
import { option } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { describeInputs, logstashPluginsOf, optionAt, reads, type PluginIn } from './pipelines.ts';
import type { Client, Place } from './place.ts';
import { handEdit, sourceChange, type Use } from './source-change.ts';

const producers = (place: Place): Client[] => place.clients().filter((c) => c.env.KAFKA_TOPIC !== undefined);
const inputAt = (i: PluginIn) => optionAt(i, option(i.plugin, 'topics_pattern') ? 'topics_pattern' : 'topics');

/** Every place of the environment that says which topic it writes or reads. */
function uses(places: readonly Place[], topic: string): Use[] {
  return places.flatMap((q) => [
    ...producers(q).map((p) => ({ value: p.env.KAFKA_TOPIC as string, at: p.envAt('KAFKA_TOPIC'), agrees: p.env.KAFKA_TOPIC === topic })),
    ...logstashPluginsOf(q, 'input', 'kafka').map((i) => ({ value: describeInputs([i]), at: inputAt(i), agrees: reads(i, topic) })),
  ]);
}

export default defineRule({
  id: 'topic-mismatch',
  severity: 'error',
  description: "The producer's Kafka topic is not one Logstash's kafka input reads, or differs from the environment's topic.",
  scope: 'place',
  run({ place, places, facts, factsFile, ctx, report }) {
    const inputs = logstashPluginsOf(place, 'input', 'kafka');
    const changed = facts?.topic === undefined ? undefined : sourceChange('topic-mismatch', 'Kafka topic', place.env, facts.topic, facts.at?.topic, factsFile, uses(places, facts.topic));
    if (changed) report(changed.at, changed.message, [], { environmentWide: true, ...changed.links });
    for (const p of producers(place)) {
      const topic = p.env.KAFKA_TOPIC as string;
      const at = p.envAt('KAFKA_TOPIC');
      const scope = [...p.scope, ...inputs.flatMap((i) => i.config.scope)];
      if (facts?.topic !== undefined && topic !== facts.topic) {
        const edit = changed ? { hint: '', links: changed.consequence } : handEdit(ctx, at, topic, facts.topic, factsFile);
        report(at, `${p.name} writes to topic "${topic}", but ${place.env}'s topic is "${facts.topic}" (${factsFile})${edit.hint}`, scope, edit.links);
      } else if (inputs.length === 0) {
        report(at, `${p.name} writes to topic "${topic}", but no Logstash kafka input in ${place.label} reads any topic`, scope);
      } else if (!inputs.some((i) => reads(i, topic))) {
        report(at, `${p.name} writes to topic "${topic}", but Logstash's kafka input reads ${describeInputs(inputs)}`, scope);
      }
    }
    for (const i of inputs) {
      if (facts?.topic !== undefined && !reads(i, facts.topic)) {
        const at = inputAt(i);
        const edit = changed ? { hint: '', links: changed.consequence } : handEdit(ctx, at, describeInputs([i]), facts.topic, factsFile);
        report(at, `Logstash's kafka input (${i.config.key}) reads ${describeInputs([i])}, not ${place.env}'s topic "${facts.topic}" (${factsFile})${edit.hint}`, i.config.scope, edit.links);
      }
    }
  },
});
