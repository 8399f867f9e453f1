// topic-mismatch and broker-mismatch: the producer writes where Logstash reads, through that
// environment's Kafka.
import type { FindingSink } from '../sink.ts';
import { logstashPlugins, option, strings, type LsPlugin } from '../logstash.ts';
import { parseAddress } from '../resolve.ts';
import type { EnvFacts } from './facts.ts';
import { runs, type Client, type ConfigText, type Place } from './place.ts';

export interface PluginIn {
  config: ConfigText;
  plugin: LsPlugin;
}

export function logstashPluginsOf(place: Place, section: string, name: string): PluginIn[] {
  return place
    .configs('logstash')
    .filter((c) => c.key.endsWith('.conf'))
    .flatMap((config) => logstashPlugins(config.text).filter((p) => p.section === section && p.name === name).map((plugin) => ({ config, plugin })));
}

const optionAt = (i: PluginIn, name: string) => {
  const o = option(i.plugin, name);
  return i.config.at(o ? { line: o.line, column: o.column } : { line: i.plugin.line, column: 1 });
};

/** Topics an input reads: `topics` (default ["logstash"]) or a `topics_pattern` regex. */
function reads(i: PluginIn, topic: string): boolean {
  const pattern = strings(option(i.plugin, 'topics_pattern')?.value)[0];
  if (pattern !== undefined) {
    try {
      return new RegExp(`^(?:${pattern})$`).test(topic);
    } catch {
      return false;
    }
  }
  const topics = option(i.plugin, 'topics');
  return (topics ? strings(topics.value) : ['logstash']).includes(topic);
}

const describeInputs = (inputs: PluginIn[]): string =>
  inputs
    .map((i) => {
      const pattern = strings(option(i.plugin, 'topics_pattern')?.value)[0];
      return pattern !== undefined ? `/${pattern}/` : (strings(option(i.plugin, 'topics')?.value).join(', ') || 'logstash');
    })
    .join('; ');

function checkBrokers(place: Place, sink: FindingSink, from: Client, list: string, at: () => ReturnType<Client['envAt']>, scope: ConfigText['scope'], who: string): void {
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const addr = parseAddress(raw);
    const r = addr ? place.resolve(addr, from) : undefined;
    if (!r || !r.ok) sink.report('broker-mismatch', at(), `${who} bootstraps from ${raw}, which is not ${place.env}'s Kafka in ${place.label}: ${r?.describe ?? 'not a host:port'}`, scope, place.label);
    else if (!runs(r.images, 'kafka')) sink.report('broker-mismatch', at(), `${who} bootstraps from ${raw}, which is ${r.describe}, ${r.images.length ? `running ${r.images.join(', ')}, not Kafka` : 'whose selector matches no pods'}`, scope, place.label);
  }
}

export function checkKafka(place: Place, facts: EnvFacts | undefined, factsFile: string | undefined, sink: FindingSink): void {
  const inputs = logstashPluginsOf(place, 'input', 'kafka');
  const producers = place.clients().filter((c) => c.env.KAFKA_TOPIC !== undefined);
  for (const p of producers) {
    const topic = p.env.KAFKA_TOPIC as string;
    const at = p.envAt('KAFKA_TOPIC');
    const scope = [...p.scope, ...inputs.flatMap((i) => i.config.scope)];
    if (facts?.topic !== undefined && topic !== facts.topic) {
      sink.report('topic-mismatch', at, `${p.name} writes to topic "${topic}", but ${place.env}'s topic is "${facts.topic}" (${factsFile})`, scope, place.label);
    } else if (inputs.length === 0) {
      sink.report('topic-mismatch', at, `${p.name} writes to topic "${topic}", but no Logstash kafka input in ${place.label} reads any topic`, scope, place.label);
    } else if (!inputs.some((i) => reads(i, topic))) {
      sink.report('topic-mismatch', at, `${p.name} writes to topic "${topic}", but Logstash's kafka input reads ${describeInputs(inputs)}`, scope, place.label);
    }
    if (p.env.KAFKA_BROKERS === undefined) {
      sink.report('broker-mismatch', at, `${p.name} sets KAFKA_TOPIC but no KAFKA_BROKERS`, p.scope, place.label);
    } else checkBrokers(place, sink, p, p.env.KAFKA_BROKERS, () => p.envAt('KAFKA_BROKERS'), p.scope, p.name);
  }
  for (const i of inputs) {
    const who = `Logstash's kafka input (${i.config.key})`;
    if (facts?.topic !== undefined && !reads(i, facts.topic)) {
      sink.report('topic-mismatch', optionAt(i, option(i.plugin, 'topics_pattern') ? 'topics_pattern' : 'topics'), `${who} reads ${describeInputs([i])}, not ${place.env}'s topic "${facts.topic}" (${factsFile})`, i.config.scope, place.label);
    }
    const servers = strings(option(i.plugin, 'bootstrap_servers')?.value).join(',') || 'localhost:9092';
    if (i.config.client) checkBrokers(place, sink, i.config.client, servers, () => optionAt(i, 'bootstrap_servers'), i.config.scope, who);
  }
}
