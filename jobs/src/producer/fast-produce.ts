// Makes kafkajs encode plain record batches with encodeRecordBatch instead of its per-record
// encoder, which is most of its CPU per message (on the real three-broker cluster the producer
// reaches about twice the rate at a third of the CPU with it; figures in jobs/README.md). kafkajs
// picks the produce request builder through the definition object's `protocol` function on every
// send; wrapping that function is the whole change. Only Produce v3-v7 (the record batch format
// this file writes; v7 is what kafkajs 2.2.4 negotiates with Kafka 3.x) and only plain batches
// take the fast path; compression, headers, explicit timestamps, transactions and string payloads
// go to kafkajs unchanged. installFastProduceEncoding throws when the patch cannot take effect.
// Static imports, so that the esbuild bundle carries these very modules.
import kafkajsPackage from 'kafkajs/package.json' with { type: 'json' };
import requestTable from 'kafkajs/src/protocol/requests/index.js';
import produceDefinition from 'kafkajs/src/protocol/requests/produce/index.js';
import type { BatchRecord } from './record-batch.ts';
import { encodeRecordBatch } from './record-batch.ts';

type Definition = typeof produceDefinition;
type Builder = ReturnType<Definition['protocol']>;
type Args = Parameters<Builder>[0];

/** Looks like kafkajs's Encoder to the request framing it adds around the body (it reads `buf`). */
class EncodedRequest {
  constructor(readonly buf: Buffer) {}
  get buffer(): Buffer {
    return this.buf;
  }
}

function writeString(parts: Buffer[], text: string | null): void {
  if (text === null) {
    const length = Buffer.allocUnsafe(2);
    length.writeInt16BE(-1);
    parts.push(length);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.allocUnsafe(2);
  length.writeInt16BE(bytes.length);
  parts.push(length, bytes);
}

function int32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function int16(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(2);
  buffer.writeInt16BE(value);
  return buffer;
}

/** True when every message is a Buffer value with a Buffer (or no) key, no headers, no timestamp. */
function coveredByFastPath(args: Args): boolean {
  if ((args.compression ?? 0) !== 0 || args.transactionalId) return false;
  for (const { partitions } of args.topicData) {
    for (const { messages } of partitions) {
      for (const m of messages) {
        if (m.headers !== undefined || m.timestamp !== undefined || !Buffer.isBuffer(m.value)) return false;
        if (m.key !== undefined && m.key !== null && !Buffer.isBuffer(m.key)) return false;
      }
    }
  }
  return true;
}

/** Produce request body v3+: transactional_id, acks, timeout, [topic [partition record_set]]. */
export function encodeProduceRequestBody(args: Args, now: number = Date.now()): Buffer {
  const parts: Buffer[] = [];
  writeString(parts, args.transactionalId ?? null);
  parts.push(int16(args.acks), int32(args.timeout), int32(args.topicData.length));
  const producerId = BigInt(args.producerId?.toString() ?? '-1');
  for (const { topic, partitions } of args.topicData) {
    writeString(parts, topic);
    parts.push(int32(partitions.length));
    for (const { partition, messages, firstSequence } of partitions) {
      const batch = encodeRecordBatch(messages as BatchRecord[], {
        timestamp: now,
        producerId,
        producerEpoch: args.producerEpoch ?? 0,
        firstSequence: firstSequence ?? 0,
      });
      parts.push(int32(partition), int32(batch.length), batch);
    }
  }
  return Buffer.concat(parts);
}

/** The Produce versions whose body encodeProduceRequestBody writes (proven against kafkajs in the tests). */
export const FAST_PRODUCE_VERSIONS: readonly number[] = [3, 4, 5, 6, 7];
/** The kafkajs release whose internals this file was written and tested against. */
export const KAFKAJS_VERSION = '2.2.4';

export class FastProduceError extends Error {}

const fastBuilders = new WeakSet<Definition['protocol']>();

/**
 * Wraps kafkajs's produce request builder (once per process or worker thread). Throws
 * FastProduceError when kafkajs is not the release this was written for, or when kafkajs's own
 * request table does not hold the wrapped builder afterwards (the patch would do nothing).
 */
export function installFastProduceEncoding(definition: Definition = produceDefinition): void {
  const found = kafkajsPackage.version;
  if (found !== KAFKAJS_VERSION) {
    throw new FastProduceError(`the fast produce path is written for kafkajs ${KAFKAJS_VERSION} and kafkajs ${found} is installed; pin kafkajs to ${KAFKAJS_VERSION} (package.json) or re-prove jobs/src/producer/fast-produce.ts against the new release`);
  }
  if (!fastBuilders.has(definition.protocol)) {
    const original = definition.protocol;
    const wrapped: Definition['protocol'] = ({ version }) => {
      const build = original({ version });
      if (!FAST_PRODUCE_VERSIONS.includes(version)) return build;
      return (args) => {
        const built = build(args);
        if (!coveredByFastPath(args)) return built;
        const request = { ...built.request, encode: async () => new EncodedRequest(encodeProduceRequestBody(args)) };
        return { ...built, request };
      };
    };
    fastBuilders.add(wrapped);
    definition.protocol = wrapped;
  }
  // The table kafkajs's brokers look requests up in must hold this very definition object.
  if (definition === produceDefinition && (requestTable.requests.Produce !== definition || !fastBuilders.has(requestTable.requests.Produce.protocol))) {
    throw new FastProduceError('the fast produce path did not install: kafkajs looks up Produce requests in another module instance; run the producer with one copy of kafkajs');
  }
}
