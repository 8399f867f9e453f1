// The fast produce path must put exactly kafkajs's bytes on the wire: same request body, record
// batch and CRC, for every case it covers; everything else must be left to kafkajs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import requestTable from 'kafkajs/src/protocol/requests/index.js';
import produceDefinition from 'kafkajs/src/protocol/requests/produce/index.js';
import { FAST_PRODUCE_VERSIONS, FastProduceError, encodeProduceRequestBody, installFastProduceEncoding } from '../../jobs/src/producer/fast-produce.ts';
import { crc32c } from '../../jobs/src/producer/record-batch.ts';
import { LogRecordGenerator } from '../../jobs/src/producer/records.ts';

const require = createRequire(import.meta.url);
const Long = require('kafkajs/src/utils/long') as { fromInt(n: number): { toString(): string } };

const NOW = 1_767_225_600_123;
type Args = Parameters<ReturnType<typeof produceDefinition.protocol>>[0];

function args(overrides: Partial<Args> = {}): Args {
  const { messages } = new LogRecordGenerator({ seed: 3, now: () => NOW }).batch(300);
  return {
    acks: -1,
    timeout: 30_000,
    compression: 0,
    producerId: Long.fromInt(-1),
    producerEpoch: 0,
    topicData: [
      { topic: 'logs-topic', partitions: [{ partition: 0, messages: messages.slice(0, 120) }, { partition: 3, messages: messages.slice(120) }] },
      { topic: 'other', partitions: [{ partition: 1, messages: [{ key: null, value: Buffer.from('{}') }] }] },
    ],
    ...overrides,
  };
}

async function kafkajsBody(version: number, a: Args): Promise<Buffer> {
  const realNow = Date.now;
  Date.now = () => NOW; // kafkajs stamps batches with Date.now()
  try {
    const { request } = produceDefinition.protocol({ version })(a);
    return (await request.encode()).buffer;
  } finally {
    Date.now = realNow;
  }
}

test('CRC-32C matches the standard check value', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('the request body is byte-for-byte what kafkajs encodes, for produce v3 to v7', async () => {
  const a = args();
  const ours = encodeProduceRequestBody(a, NOW);
  assert.deepEqual(FAST_PRODUCE_VERSIONS, [3, 4, 5, 6, 7]);
  for (const version of FAST_PRODUCE_VERSIONS) assert.deepEqual(ours, await kafkajsBody(version, a), `v${version}`);
});

test('an idempotent batch (producer id, epoch, first sequence) is byte-for-byte kafkajs\'s too', async () => {
  const plain = args();
  const a: Args = {
    ...plain,
    producerId: Long.fromInt(4711),
    producerEpoch: 3,
    topicData: plain.topicData.map((t) => ({ ...t, partitions: t.partitions.map((p, i) => ({ ...p, firstSequence: 1000 * (i + 1) })) })),
  };
  for (const version of FAST_PRODUCE_VERSIONS) assert.deepEqual(encodeProduceRequestBody(a, NOW), await kafkajsBody(version, a), `v${version}`);
});

test('records without a key (absent or null) encode as kafkajs encodes them', async () => {
  const a = args({
    topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ value: Buffer.from('{"a":1}') }, { key: null, value: Buffer.from('{"b":2}') }] }] }],
  });
  for (const version of FAST_PRODUCE_VERSIONS) assert.deepEqual(encodeProduceRequestBody(a, NOW), await kafkajsBody(version, a), `v${version}`);
});

test('produce versions it does not encode stay with kafkajs', async () => {
  installFastProduceEncoding();
  const encoded = await produceDefinition.protocol({ version: 2 })(args()).request.encode();
  assert.notEqual(encoded.constructor.name, 'EncodedRequest');
});

test('when kafkajs looks Produce up elsewhere, installing throws instead of doing nothing', () => {
  const original = requestTable.requests.Produce;
  requestTable.requests.Produce = { versions: original.versions, protocol: original.protocol };
  try {
    assert.throws(() => installFastProduceEncoding(), FastProduceError);
  } finally {
    requestTable.requests.Produce = original;
  }
  assert.doesNotThrow(() => installFastProduceEncoding());
});

test('once installed, kafkajs itself sends the fast encoding for plain batches', async () => {
  installFastProduceEncoding();
  const a = args();
  const { request } = produceDefinition.protocol({ version: 7 })(a);
  const encoded = await request.encode();
  assert.equal(encoded.constructor.name, 'EncodedRequest');
  assert.deepEqual(encoded.buffer.subarray(0, 8), encodeProduceRequestBody(a).subarray(0, 8));
});

test('compression, headers and string values stay with kafkajs\'s own encoder', async () => {
  installFastProduceEncoding();
  const plain = args();
  const cases: Args[] = [
    { ...plain, compression: 1 },
    { ...plain, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: null, value: Buffer.from('x'), headers: { a: 'b' } }] }] }] },
    { ...plain, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'text' }] }] }] },
  ];
  for (const a of cases) {
    const encoded = await produceDefinition.protocol({ version: 7 })(a).request.encode();
    assert.notEqual(encoded.constructor.name, 'EncodedRequest');
  }
});
