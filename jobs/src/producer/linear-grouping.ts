// kafkajs 2.2.4 groups a batch's messages by partition with `[...current, message]` per message,
// which is quadratic in the messages per partition and was a fifth of a sender thread's CPU at
// full speed. This is the same grouping (same partitioner calls, same order) in linear time.
// It replaces kafkajs's module in the bundle (jobs/build.ts) and under tsx (installLinearGrouping).
import { createRequire } from 'node:module';

interface GroupArgs<M> {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

export function groupMessagesPerPartition<M>({ topic, partitionMetadata, messages, partitioner }: GroupArgs<M>): Record<number, M[]> {
  if (partitionMetadata.length === 0) return {};
  const groups: Record<number, M[]> = {};
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (groups[partition] ??= []).push(message);
  }
  return groups;
}

export const KAFKAJS_GROUPING_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';

/**
 * Under Node's CommonJS loader (tsx, tests): puts the linear grouping in the require cache before
 * kafkajs's producer loads it. Must run before the first import of kafkajs. In the esbuild bundle
 * there is no kafkajs on disk to resolve and the build has already substituted the module.
 */
export function installLinearGrouping(): 'installed' | 'bundled' | 'too late' {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve(KAFKAJS_GROUPING_MODULE);
  } catch {
    return 'bundled';
  }
  const cached = require.cache[path];
  // kafkajs already loaded (a caller imported it first): its grouping is correct, only slower.
  if (cached && cached.exports !== groupMessagesPerPartition) return 'too late';
  // A module record marked loaded: require() returns its exports without reading the file.
  require.cache[path] = { id: path, filename: path, loaded: true, exports: groupMessagesPerPartition, children: [], paths: [] } as unknown as NodeJS.Module;
  return 'installed';
}
