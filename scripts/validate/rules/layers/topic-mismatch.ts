// topic-mismatch: the producer writes the environment's topic, and Logstash's kafka input reads it.
import { option } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { describeInputs, logstashPluginsOf, optionAt, reads } from './pipelines.ts';

export default defineRule({
  id: 'topic-mismatch',
  severity: 'error',
  description: "The producer's Kafka topic is not one Logstash's kafka input reads, or differs from the environment's topic.",
  scope: 'place',
  run({ place, facts, factsFile, report }) {
    const inputs = logstashPluginsOf(place, 'input', 'kafka');
    for (const p of place.clients().filter((c) => c.env.KAFKA_TOPIC !== undefined)) {
      const topic = p.env.KAFKA_TOPIC as string;
      const at = p.envAt('KAFKA_TOPIC');
      const scope = [...p.scope, ...inputs.flatMap((i) => i.config.scope)];
      if (facts?.topic !== undefined && topic !== facts.topic) {
        report(at, `${p.name} writes to topic "${topic}", but ${place.env}'s topic is "${facts.topic}" (${factsFile})`, scope);
      } else if (inputs.length === 0) {
        report(at, `${p.name} writes to topic "${topic}", but no Logstash kafka input in ${place.label} reads any topic`, scope);
      } else if (!inputs.some((i) => reads(i, topic))) {
        report(at, `${p.name} writes to topic "${topic}", but Logstash's kafka input reads ${describeInputs(inputs)}`, scope);
      }
    }
    for (const i of inputs) {
      if (facts?.topic !== undefined && !reads(i, facts.topic)) {
        report(optionAt(i, option(i.plugin, 'topics_pattern') ? 'topics_pattern' : 'topics'), `Logstash's kafka input (${i.config.key}) reads ${describeInputs([i])}, not ${place.env}'s topic "${facts.topic}" (${factsFile})`, i.config.scope);
      }
    }
  },
});
