// The linear grouping must group exactly as kafkajs does, and kafkajs must pick it up when the
// producer's kafka client is imported first (as jobs/src/producer does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import '../../jobs/src/producer/kafka-client.ts';
import { KAFKAJS_GROUPING_MODULE, groupMessagesPerPartition } from '../../jobs/src/producer/linear-grouping.ts';

const require = createRequire(import.meta.url);

test('messages are grouped per partition in their original order, one partitioner call each', () => {
  const messages = ['a0', 'b0', 'a1', 'c0', 'b1', 'a2'].map((value) => ({ value }));
  let calls = 0;
  const groups = groupMessagesPerPartition({
    topic: 't',
    partitionMetadata: [{}, {}, {}],
    messages,
    partitioner: ({ message }) => {
      calls++;
      return { a: 0, b: 2, c: 1 }[message.value[0] as 'a' | 'b' | 'c'];
    },
  });
  assert.deepEqual(groups, { 0: [messages[0], messages[2], messages[5]], 1: [messages[3]], 2: [messages[1], messages[4]] });
  assert.equal(calls, messages.length);
});

test('no partition metadata, no groups (as kafkajs)', () => {
  assert.deepEqual(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ value: 'x' }], partitioner: () => 0 }), {});
});

test('kafkajs resolves its grouping module to the linear one', () => {
  assert.equal(require(KAFKAJS_GROUPING_MODULE), groupMessagesPerPartition);
});
