// The Kafka peer of the producer tests: KAFKA_BROKERS when set (a real Kafka), otherwise
// librdkafka's mock cluster on loopback. Like requireTool: a missing peer fails in CI and
// skips the test elsewhere, with the reason printed.
import type { TestContext } from 'node:test';
import { inCI } from './tools.ts';
import {
  MOCK_KAFKA_INSTALL_HINT,
  mockKafkaUnavailable,
  startMockKafka,
} from '../../scripts/bench/mock-kafka-cluster.ts';

export interface KafkaPeer {
  bootstrap: string;
  /** 'external' when KAFKA_BROKERS names a real cluster. */
  kind: 'mock' | 'external';
  stop(): Promise<void>;
}

/** Starts (or names) the Kafka to test against; null after marking the test skipped. */
export async function requireKafka(t: TestContext): Promise<KafkaPeer | null> {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external) return { bootstrap: external, kind: 'external', stop: async () => {} };
  const why = mockKafkaUnavailable();
  if (why) {
    const reason = `${why}; ${MOCK_KAFKA_INSTALL_HINT}`;
    if (inCI()) throw new Error(`the mock Kafka cluster is required in CI: ${reason}`);
    console.log(`# skipped: ${reason}`);
    t.skip(reason);
    return null;
  }
  const cluster = await startMockKafka();
  return { ...cluster, kind: 'mock' };
}
