// Makes kafkajs encode plain record batches with encodeRecordBatch instead of its per-record
// encoder, which is most of its CPU per message. kafkajs picks the produce request builder through
// the definition object's `protocol` function on every send; wrapping that function is the whole
// change. Anything the fast path does not cover (compression, headers, explicit timestamps,
// transactions, string payloads, produce versions before 3) goes to kafkajs unchanged.
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

let installed = false;

/** Idempotent: wraps kafkajs's produce request builder once per process (per worker thread). */
export function installFastProduceEncoding(definition: Definition = produceDefinition): void {
  if (installed) return;
  installed = true;
  const original = definition.protocol;
  definition.protocol = ({ version }) => {
    const build = original({ version });
    if (version < 3) return build;
    return (args) => {
      const built = build(args);
      if (!coveredByFastPath(args)) return built;
      const request = { ...built.request, encode: async () => new EncodedRequest(encodeProduceRequestBody(args)) };
      return { ...built, request };
    };
  };
}
