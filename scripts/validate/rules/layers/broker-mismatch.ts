// broker-mismatch: the producer and Logstash bootstrap from their environment's Kafka. When every
// client bootstraps from a port the Kafka Service no longer has, the Service's port is the one
// finding (layers/service-port.ts) and the clients' findings are folded under it.
import { strings, option } from '../logstash.ts';
import { parseAddress } from '../resolve.ts';
import { defineRule } from '../rule.ts';
import { logstashPluginsOf, optionAt } from './pipelines.ts';
import { runs, type Place } from './place.ts';
import { reportPortChanges, type AddressUse } from './service-port.ts';

const addresses = (list: string): string[] => list.split(',').map((s) => s.trim()).filter(Boolean);

/** Every bootstrap address of the place: the producers' KAFKA_BROKERS and Logstash's kafka inputs. */
function bootstraps(place: Place): AddressUse[] {
  const fromEnv = place
    .clients()
    .filter((c) => c.env.KAFKA_TOPIC !== undefined && c.env.KAFKA_BROKERS !== undefined)
    .flatMap((p) => addresses(p.env.KAFKA_BROKERS as string).map((raw) => ({ client: p, raw, at: () => p.envAt('KAFKA_BROKERS'), scope: p.scope, who: p.name })));
  const fromLogstash = logstashPluginsOf(place, 'input', 'kafka').flatMap((i) => {
    const client = i.config.client;
    if (!client) return [];
    const servers = strings(option(i.plugin, 'bootstrap_servers')?.value).join(',') || 'localhost:9092';
    return addresses(servers).map((raw) => ({ client, raw, at: () => optionAt(i, 'bootstrap_servers'), scope: i.config.scope, who: `Logstash's kafka input (${i.config.key})` }));
  });
  return [...fromEnv, ...fromLogstash];
}

export default defineRule({
  id: 'broker-mismatch',
  severity: 'error',
  description: "A Kafka bootstrap address (producer or Logstash) does not resolve to that environment's Kafka Service or brokers.",
  scope: 'place',
  run(input) {
    const { place, report } = input;
    for (const p of place.clients().filter((c) => c.env.KAFKA_TOPIC !== undefined && c.env.KAFKA_BROKERS === undefined)) {
      report(p.envAt('KAFKA_TOPIC'), `${p.name} sets KAFKA_TOPIC but no KAFKA_BROKERS`, p.scope);
    }
    const uses = bootstraps(place);
    const linksOf = reportPortChanges(input, 'broker-mismatch', uses);
    for (const u of uses) {
      const addr = parseAddress(u.raw);
      const r = addr ? place.resolve(addr, u.client) : undefined;
      if (!r || !r.ok) report(u.at(), `${u.who} bootstraps from ${u.raw}, which is not ${place.env}'s Kafka in ${place.label}: ${r?.describe ?? 'not a host:port'}`, u.scope, linksOf(u));
      else if (!runs(r.images, 'kafka')) report(u.at(), `${u.who} bootstraps from ${u.raw}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not Kafka` : 'whose selector matches no pods'}`, u.scope);
    }
  },
});
