// broker-mismatch: the producer and Logstash bootstrap from their environment's Kafka.
import type { SourceLocation } from '../../types.ts';
import { strings, option } from '../logstash.ts';
import { parseAddress } from '../resolve.ts';
import { defineRule, type PlaceInput } from '../rule.ts';
import type { WaiverScope } from '../waivers.ts';
import { logstashPluginsOf, optionAt } from './pipelines.ts';
import { runs, type Client } from './place.ts';

function checkBrokers({ place, report }: PlaceInput, from: Client, list: string, at: () => SourceLocation, scope: WaiverScope, who: string): void {
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const addr = parseAddress(raw);
    const r = addr ? place.resolve(addr, from) : undefined;
    if (!r || !r.ok) report(at(), `${who} bootstraps from ${raw}, which is not ${place.env}'s Kafka in ${place.label}: ${r?.describe ?? 'not a host:port'}`, scope);
    else if (!runs(r.images, 'kafka')) report(at(), `${who} bootstraps from ${raw}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not Kafka` : 'whose selector matches no pods'}`, scope);
  }
}

export default defineRule({
  id: 'broker-mismatch',
  severity: 'error',
  description: "A Kafka bootstrap address (producer or Logstash) does not resolve to that environment's Kafka Service or brokers.",
  scope: 'place',
  run(input) {
    const { place, report } = input;
    for (const p of place.clients().filter((c) => c.env.KAFKA_TOPIC !== undefined)) {
      if (p.env.KAFKA_BROKERS === undefined) report(p.envAt('KAFKA_TOPIC'), `${p.name} sets KAFKA_TOPIC but no KAFKA_BROKERS`, p.scope);
      else checkBrokers(input, p, p.env.KAFKA_BROKERS, () => p.envAt('KAFKA_BROKERS'), p.scope, p.name);
    }
    for (const i of logstashPluginsOf(place, 'input', 'kafka')) {
      const servers = strings(option(i.plugin, 'bootstrap_servers')?.value).join(',') || 'localhost:9092';
      if (i.config.client) checkBrokers(input, i.config.client, servers, () => optionAt(i, 'bootstrap_servers'), i.config.scope, `Logstash's kafka input (${i.config.key})`);
    }
  },
});
