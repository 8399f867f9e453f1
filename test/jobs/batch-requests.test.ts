// A partition's slice of a batch is cut into requests the brokers accept (message.max.bytes):
// each under the cap counting kafkajs's framing at its largest, in the slice's order, none lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_REQUEST_BYTES, RECORD_BATCH_OVERHEAD, recordBytes, requestsUnder } from '../../jobs/src/producer/batch-pipeline.ts';
import { LogRecordGenerator } from '../../jobs/src/producer/records.ts';

const size = (request: readonly { key: Buffer; value: Buffer }[]): number => request.reduce((sum, m) => sum + recordBytes(m), RECORD_BATCH_OVERHEAD);

test('a slice larger than the cap becomes consecutive full requests under it, in order', () => {
  const { messages } = new LogRecordGenerator({ seed: 7 }).batch(10_000);
  const requests = requestsUnder(messages);
  assert.ok(requests.length >= 3, `10,000 records of ~270 bytes need at least 3 requests, got ${requests.length}`);
  assert.deepEqual(requests.flat(), messages);
  requests.forEach((request, i) => {
    assert.ok(size(request) <= MAX_REQUEST_BYTES, `request ${i}: ${size(request)} bytes`);
    // Full: the next record would not have fitted, so no request is needlessly small.
    const next = requests[i + 1]?.[0];
    if (next) assert.ok(size(request) + recordBytes(next) > MAX_REQUEST_BYTES, `request ${i} is not full`);
  });
  assert.ok(MAX_REQUEST_BYTES < 1_048_588, "under Kafka's default message.max.bytes");
});

test('a slice under the cap stays one request; a record alone over it goes alone', () => {
  const { messages } = new LogRecordGenerator({ seed: 7 }).batch(100);
  assert.deepEqual(requestsUnder(messages), [messages]);
  const big = { key: Buffer.from('k'), value: Buffer.alloc(2_000) };
  const small = { key: Buffer.from('k'), value: Buffer.alloc(10) };
  assert.deepEqual(requestsUnder([small, big, small], 1_000), [[small], [big], [small]]);
});
