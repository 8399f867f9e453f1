// The Logstash plugins a place runs, with the config file each is written in: what the Kafka,
// index and Elasticsearch rules read.
import type { SourceLocation } from '../../types.ts';
import { logstashPlugins, option, strings, type LsPlugin } from '../logstash.ts';
import type { ConfigText, Place } from './place.ts';

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

/** Where an option of the plugin is written, else the plugin itself. */
export const optionAt = (i: PluginIn, name: string): SourceLocation => {
  const o = option(i.plugin, name);
  return i.config.at(o ? { line: o.line, column: o.column } : { line: i.plugin.line, column: 1 });
};

/** Topics an input reads: `topics` (default ["logstash"]) or a `topics_pattern` regex. */
export function reads(i: PluginIn, topic: string): boolean {
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

export const describeInputs = (inputs: PluginIn[]): string =>
  inputs
    .map((i) => {
      const pattern = strings(option(i.plugin, 'topics_pattern')?.value)[0];
      return pattern !== undefined ? `/${pattern}/` : (strings(option(i.plugin, 'topics')?.value).join(', ') || 'logstash');
    })
    .join('; ');

