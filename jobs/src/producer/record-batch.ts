// Kafka's record batch (message format v2, magic 2) encoded in one pass into one buffer: the
// layout kafkajs writes, without its per-record Encoder (a zero-filled 512-byte buffer per
// record, then copied twice). Only the uncompressed, header-less, non-transactional case; the
// caller falls back to kafkajs for anything else.
// Layout: https://kafka.apache.org/documentation/#recordbatch

export interface BatchRecord {
  /** null or absent: a record without a key. */
  key?: Buffer | null;
  value: Buffer;
}

const CRC32C_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum of record batches. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = -1;
  for (let i = start; i < end; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Bytes of a zig-zag varint (Kafka's signed varint). */
function sizeOfVarInt(value: number): number {
  let encoded = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (encoded > 0x7f) {
    size++;
    encoded >>>= 7;
  }
  return size;
}

function writeVarInt(target: Buffer, offset: number, value: number): number {
  let encoded = ((value << 1) ^ (value >> 31)) >>> 0;
  while (encoded > 0x7f) {
    target[offset++] = (encoded & 0x7f) | 0x80;
    encoded >>>= 7;
  }
  target[offset++] = encoded;
  return offset;
}

// Fixed fields after the CRC: attributes 2, lastOffsetDelta 4, firstTimestamp 8, maxTimestamp 8,
// producerId 8, producerEpoch 2, firstSequence 4, record count 4.
const AFTER_CRC = 40;
// baseOffset 8, batchLength 4, partitionLeaderEpoch 4, magic 1, crc 4.
const CRC_END = 21;

/**
 * The batch as it goes on the wire inside a produce request's record set: baseOffset, length,
 * and the rest. Every record gets `timestamp` (delta 0), offset deltas 0..n-1, no headers.
 */
export function encodeRecordBatch(
  records: readonly BatchRecord[],
  options: { timestamp: number; producerId: bigint; producerEpoch: number; firstSequence: number },
): Buffer {
  const count = records.length;
  const bodySizes = new Int32Array(count);
  let recordsSize = 0;
  for (let i = 0; i < count; i++) {
    const { key = null, value } = records[i]!;
    // attributes 1, timestampDelta varint(0) 1, offsetDelta, key, value, header count varint(0) 1
    const body = 3 + sizeOfVarInt(i) + (key === null ? 1 : sizeOfVarInt(key.length) + key.length) + sizeOfVarInt(value.length) + value.length;
    bodySizes[i] = body;
    recordsSize += sizeOfVarInt(body) + body;
  }
  const batch = Buffer.allocUnsafe(CRC_END + AFTER_CRC + recordsSize);
  const timestamp = BigInt(options.timestamp);
  batch.writeBigInt64BE(0n, 0); // baseOffset: the broker assigns offsets
  batch.writeInt32BE(batch.length - 12, 8); // batchLength: everything after this field
  batch.writeInt32BE(0, 12); // partitionLeaderEpoch
  batch.writeInt8(2, 16); // magic
  let offset = CRC_END;
  batch.writeInt16BE(0, offset); // attributes: no compression, create time, not transactional
  batch.writeInt32BE(count - 1, offset + 2);
  batch.writeBigInt64BE(timestamp, offset + 6);
  batch.writeBigInt64BE(timestamp, offset + 14);
  batch.writeBigInt64BE(options.producerId, offset + 22);
  batch.writeInt16BE(options.producerEpoch, offset + 30);
  batch.writeInt32BE(options.firstSequence, offset + 32);
  batch.writeInt32BE(count, offset + 36);
  offset += AFTER_CRC;
  for (let i = 0; i < count; i++) {
    const { key = null, value } = records[i]!;
    offset = writeVarInt(batch, offset, bodySizes[i]!);
    batch[offset++] = 0; // attributes
    batch[offset++] = 0; // timestampDelta
    offset = writeVarInt(batch, offset, i);
    if (key === null) {
      offset = writeVarInt(batch, offset, -1);
    } else {
      offset = writeVarInt(batch, offset, key.length);
      batch.set(key, offset);
      offset += key.length;
    }
    offset = writeVarInt(batch, offset, value.length);
    batch.set(value, offset);
    offset += value.length;
    batch[offset++] = 0; // no headers
  }
  batch.writeUInt32BE(crc32c(batch, CRC_END), 17);
  return batch;
}
