// Types for the kafkajs internal modules the fast produce path wraps and checks (kafkajs ships no types
// for its protocol layer). Checked against kafkajs 2.2.4, the exact version in package.json.
declare module 'kafkajs/src/protocol/requests/produce/index.js' {
  interface EncoderLike {
    buffer: Buffer;
  }
  interface ProduceRequest {
    apiKey: number;
    apiVersion: number;
    apiName: string;
    expectResponse: () => boolean;
    encode: () => Promise<EncoderLike>;
  }
  interface ProduceArgs {
    acks: number;
    timeout: number;
    compression?: number;
    transactionalId?: string | null;
    producerId?: { toString(): string };
    producerEpoch?: number;
    topicData: {
      topic: string;
      partitions: {
        partition: number;
        firstSequence?: number;
        messages: { key?: Buffer | string | null; value: Buffer | string | null; headers?: unknown; timestamp?: string | number }[];
      }[];
    }[];
  }
  type ProduceBuilder = (args: ProduceArgs) => { request: ProduceRequest; response: unknown };
  const definition: {
    versions: string[];
    protocol: (options: { version: number }) => ProduceBuilder;
  };
  export default definition;
}

declare module 'kafkajs/src/protocol/requests/index.js' {
  import type definition from 'kafkajs/src/protocol/requests/produce/index.js';
  /** kafkajs's table of request definitions, by API name; brokers look Produce up here. */
  const table: { requests: { Produce: typeof definition } };
  export default table;
}
