// A batch goes to kafkajs one partition at a time: each slice must hold exactly the records whose
// key kafkajs's default partitioner (murmur2, as the Java client) puts on that partition, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { PartitionRouter } from '../../jobs/src/producer/partition-router.ts';
import { LogRecordGenerator } from '../../jobs/src/producer/records.ts';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

test('a batch is split into one slice per partition, by key as kafkajs would place it, in batch order', () => {
  const router = new PartitionRouter('t');
  router.usePartitionCount(6);
  const { messages } = new LogRecordGenerator({ seed: 1 }).batch(500);
  const reference = kafkajs.Partitioners.DefaultPartitioner();
  const slices = router.split(messages);
  const expected = new Map<number, Buffer[]>();
  for (const m of messages) {
    const p = reference({ topic: 't', partitionMetadata: metadata(6), message: { key: m.key, value: m.value } });
    expected.set(p, [...(expected.get(p) ?? []), m.value]);
  }
  assert.deepEqual([...slices.keys()].sort(), [...expected.keys()].sort());
  for (const [partition, slice] of slices) {
    assert.deepEqual(slice.map((m) => m.value), expected.get(partition), `partition ${partition}`);
    assert.ok(slice.every((m) => m.partition === partition));
  }
});

test('the producer\'s partitioner keeps the partition a slice gave, and learns a larger partition count', () => {
  const router = new PartitionRouter('t');
  router.usePartitionCount(3);
  const partitioner = router.partitioner();
  const key = Buffer.from('orders');
  assert.equal(partitioner({ topic: 't', partitionMetadata: metadata(3), message: { key, value: 'x', partition: 2 } }), 2);
  partitioner({ topic: 't', partitionMetadata: metadata(8), message: { key, value: 'x', partition: 2 } });
  assert.equal(router.partitions, 8);
});
