// Keys keep a service's records together: the memoised partitioner must agree with kafkajs's
// default (murmur2, as the Java client), which decides where other clients put the same key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { memoisedKeyPartitioner } from '../../jobs/src/producer/partition-router.ts';
import { SERVICES } from '../../jobs/src/producer/records.ts';

const metadata = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

test('each service key lands where kafkajs\'s default partitioner puts it', () => {
  const ours = memoisedKeyPartitioner();
  const reference = kafkajs.Partitioners.DefaultPartitioner();
  for (const partitions of [3, 4, 12]) {
    for (const service of SERVICES) {
      const key = Buffer.from(service.name);
      const args = { topic: 't', partitionMetadata: metadata(partitions), message: { key, value: 'x' } };
      assert.equal(ours(args), reference(args), `${service.name} with ${partitions} partitions`);
      assert.equal(ours(args), reference(args), 'same answer from the cache');
    }
  }
});

test('a change in partition count is noticed, not served from the cache', () => {
  const ours = memoisedKeyPartitioner();
  const reference = kafkajs.Partitioners.DefaultPartitioner();
  const key = Buffer.from('orders');
  const at = (n: number) => ({ topic: 't', partitionMetadata: metadata(n), message: { key, value: 'x' } });
  ours(at(3));
  assert.equal(ours(at(7)), reference(at(7)));
});
