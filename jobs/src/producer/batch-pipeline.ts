// Keeps up to maxInFlight batches awaiting acknowledgement (acks from all in-sync replicas) and
// reports each batch's outcome. Within one pipeline batches leave in order, so a key's records
// stay in order unless a retry overtakes a later batch; maxInFlight 1 rules that out too.
// A batch goes to kafkajs as sendBatch calls per partition (partition-router.ts says why), each
// under the brokers' size limit (requestsUnder); a batch is done when every partition's requests
// are acknowledged or one has failed.
import kafkajs from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { Compression } from './config.ts';
import type { PartitionRouter } from './partition-router.ts';
import type { GeneratedBatch } from './records.ts';

const { CompressionTypes } = kafkajs;

/**
 * The most bytes of records one sendBatch may carry. The brokers refuse a record batch larger than
 * message.max.bytes (topic: max.message.bytes) with MESSAGE_TOO_LARGE, and the producer would stop
 * with exit 1. The platform sets neither (base/, scripts/environments.ts, the kafka-topics Job), so
 * Kafka's default applies: 1,048,588 bytes (1 MiB plus the 12-byte offset and length of the batch).
 * The cap stays about 48 KB under it, counted before compression: gzip can make incompressible
 * records a little larger (zlib's bound: about 0.03%, some 300 bytes per MB, plus its header), and a
 * topic override a little below the default still fits.
 */
export const MAX_REQUEST_BYTES = 1_000_000;

/** A record batch's header as kafkajs writes it (magic 2): offset, length, epoch, magic, CRC,
 * attributes, last offset delta, two timestamps, producer id and epoch, sequence, record count. */
export const RECORD_BATCH_OVERHEAD = 61;

/** Each record's own framing, at its largest: length (varint, ≤ 5 bytes), attributes (1),
 * timestamp delta (varlong, ≤ 10), offset delta (varint, ≤ 5), key and value lengths (varints,
 * ≤ 5 each) and the header count (1: the producer sends no headers). */
export const RECORD_OVERHEAD = 32;

/** The encoded size of one record, at most (key and value are Buffers: their length is their size). */
export function recordBytes(message: { key: Buffer; value: Buffer }): number {
  return RECORD_OVERHEAD + message.key.length + message.value.length;
}

/**
 * One partition's slice cut into consecutive requests, in order, each at most `maxBytes` once
 * encoded. A record larger than `maxBytes` on its own goes alone (the brokers will say why it is
 * refused); the producer's records are far smaller.
 */
export function requestsUnder<M extends { key: Buffer; value: Buffer }>(messages: readonly M[], maxBytes = MAX_REQUEST_BYTES): M[][] {
  const requests: M[][] = [];
  let current: M[] = [];
  let size = RECORD_BATCH_OVERHEAD;
  for (const message of messages) {
    const bytes = recordBytes(message);
    if (current.length > 0 && size + bytes > maxBytes) {
      requests.push(current);
      current = [];
      size = RECORD_BATCH_OVERHEAD;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export interface BatchOutcomes {
  acknowledged(messages: number, bytes: number, seconds: number): void;
  failed(messages: number, error: Error): void;
}

export class BatchPipeline {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly compression: kafkajs.CompressionTypes;

  constructor(
    private readonly producer: Producer,
    private readonly router: PartitionRouter,
    private readonly topic: string,
    compression: Compression,
    private readonly maxInFlight: number,
    private readonly outcomes: BatchOutcomes,
  ) {
    this.compression = compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * Sends `batch` once a slot is free; resolves when it has been handed to kafkajs, not acked.
   * Resolves false, sending nothing, when `stop` was aborted while it waited for the slot.
   */
  async submit(batch: GeneratedBatch, stop?: AbortSignal): Promise<boolean> {
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
    if (stop?.aborted) return false;
    const started = process.hrtime.bigint();
    const slices = [...this.router.split(batch.messages).values()];
    const sending = Promise.all(slices.map((slice) => this.sendInOrder(requestsUnder(slice))))
      .then((parts) => {
        let messages = 0;
        let bytes = 0;
        for (const part of parts) {
          messages += part.messages;
          bytes += part.bytes;
        }
        if (messages > 0) this.outcomes.acknowledged(messages, bytes, Number(process.hrtime.bigint() - started) / 1e9);
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    return true;
  }

  /**
   * One partition's requests, each sent once the one before it is acknowledged. Sent together, a
   * retry of the first (a leader move, a timeout) could land after the second: the key's records
   * out of order, and for the idempotent producer out of sequence. When one fails for good, the
   * rest are not sent (they would follow a gap) and count as failed with it.
   */
  private async sendInOrder(requests: readonly { key: Buffer; value: Buffer; partition: number }[][]): Promise<{ messages: number; bytes: number }> {
    let messages = 0;
    let bytes = 0;
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      try {
        await this.producer.sendBatch({ acks: -1, compression: this.compression, topicMessages: [{ topic: this.topic, messages: request }] });
      } catch (error) {
        const unsent = requests.slice(i).reduce((sum, r) => sum + r.length, 0);
        this.outcomes.failed(unsent, error as Error);
        break;
      }
      messages += request.length;
      for (const m of request) bytes += m.value.length;
    }
    return { messages, bytes };
  }

  /** Waits for every batch in flight to be acknowledged or to fail. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
