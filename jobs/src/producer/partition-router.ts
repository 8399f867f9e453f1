// Splits each batch into one slice per partition before kafkajs sees it. Why: kafkajs 2.2.4 sends
// a multi-partition sendBatch as one request per leader and, on a retry, skips every broker that
// has already answered (its responsePerBroker map). When a broker dies and its partitions' leadership
// moves to a broker that had answered, those partitions are never sent again, and sendBatch still
// resolves: the records are lost although acknowledged, or, when the dead leader had replicated
// them, the next batch is refused with OUT_OF_ORDER_SEQUENCE_NUMBER (seen on the real cluster;
// upstream: tulios/kafkajs#1303, #1798). A slice has one leader at any moment, so kafkajs's retries
// follow that partition's leader, and a slice is acknowledged only once its own request is.
import kafkajs from 'kafkajs';
import type { ICustomPartitioner, Message, PartitionMetadata } from 'kafkajs';

const { Partitioners } = kafkajs;

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client does, so a service's
 * records land on the same partition whichever client wrote them), memoised per key object:
 * the generator reuses one Buffer per service, so the hash runs once per service, not per record.
 */
export const memoisedKeyPartitioner: ICustomPartitioner = () => {
  const hash = Partitioners.DefaultPartitioner();
  const cache = new Map<Buffer | string, number>();
  let partitions = -1;
  return (args) => {
    const key = args.message.key;
    if (key === null || key === undefined) return hash(args);
    if (args.partitionMetadata.length !== partitions) {
      partitions = args.partitionMetadata.length;
      cache.clear();
    }
    let partition = cache.get(key);
    if (partition === undefined) {
      partition = hash(args);
      cache.set(key, partition);
    }
    return partition;
  };
};

export class PartitionRouter {
  private readonly hash = memoisedKeyPartitioner();
  private metadata: PartitionMetadata[] = [];

  constructor(private readonly topic: string) {}

  get partitions(): number {
    return this.metadata.length;
  }

  /** The topic's partition count, read from the brokers before the first batch. */
  usePartitionCount(count: number): void {
    if (count !== this.metadata.length) {
      this.metadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [], isr: [], partitionErrorCode: 0 }));
    }
  }

  /**
   * The producer's partitioner: keeps the partition a slice was given, and takes kafkajs's
   * partition count (from its metadata refreshes) for the next batches, so partitions added to
   * the topic get keys as the Java client would give them.
   */
  readonly partitioner: ICustomPartitioner = () => (args) => {
    if (args.partitionMetadata.length > this.metadata.length) this.metadata = args.partitionMetadata;
    return args.message.partition ?? this.hash(args);
  };

  /** The messages by partition, each given its partition, in their order within the batch. */
  split<M extends Message>(messages: readonly M[]): Map<number, (M & { partition: number })[]> {
    if (this.metadata.length === 0) throw new Error(`the partition count of ${this.topic} is not known yet`);
    const slices = new Map<number, (M & { partition: number })[]>();
    const args = { topic: this.topic, partitionMetadata: this.metadata, message: messages[0]! as Message };
    for (const message of messages) {
      args.message = message;
      const partition = this.hash(args);
      const routed = message as M & { partition: number };
      routed.partition = partition;
      const slice = slices.get(partition);
      if (slice) slice.push(routed);
      else slices.set(partition, [routed]);
    }
    return slices;
  }
}
