// Keeps up to maxInFlight batches awaiting acknowledgement (acks from all in-sync replicas) and
// reports each batch's outcome. Within one pipeline batches leave in order, so a key's records
// stay in order unless a retry overtakes a later batch; maxInFlight 1 rules that out too.
// A batch goes to kafkajs as one sendBatch per partition (partition-router.ts says why); a batch
// is done when every slice is acknowledged or has failed.
import kafkajs from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { Compression } from './config.ts';
import type { PartitionRouter } from './partition-router.ts';
import type { GeneratedBatch } from './records.ts';

const { CompressionTypes } = kafkajs;

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
    const sending = Promise.allSettled(
      slices.map((messages) => this.producer.sendBatch({ acks: -1, compression: this.compression, topicMessages: [{ topic: this.topic, messages }] })),
    )
      .then((results) => {
        let messages = 0;
        let bytes = 0;
        results.forEach((result, i) => {
          const slice = slices[i]!;
          if (result.status === 'rejected') {
            this.outcomes.failed(slice.length, result.reason as Error);
            return;
          }
          messages += slice.length;
          for (const m of slice) bytes += m.value.length;
        });
        if (messages > 0) this.outcomes.acknowledged(messages, bytes, Number(process.hrtime.bigint() - started) / 1e9);
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    return true;
  }

  /** Waits for every batch in flight to be acknowledged or to fail. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }
}
