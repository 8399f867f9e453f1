// Real Apache Kafka under the tests (scripts/kafka/cluster.ts). Like requireTool: without Java
// (or without Maven and nothing cached) the tests fail in CI and are skipped elsewhere, with the
// reason printed. One cluster per test file: realKafkaSkip() for describe(); realKafka() inside it starts
// the cluster in before(), and keeps the logs (printing their tails) when a test failed.
import { after, before, test, type TestContext, type TestOptions } from 'node:test';
import { environments, type Environment } from '../../scripts/environments.ts';
import { kafkaUnavailable } from '../../scripts/kafka/artifacts.ts';
import { startKafkaCluster, type KafkaCluster, type KafkaClusterOptions } from '../../scripts/kafka/cluster.ts';
import { inCI } from './tools.ts';

/**
 * For describe(name, { skip: realKafkaSkip() }, ...): the reason (printed) or false. In CI the
 * tests run and fail at start-up with the reason: an absent tool must not pass quietly.
 */
export function realKafkaSkip(): string | false {
  const why = kafkaUnavailable();
  const skip = why && !inCI() ? `real Kafka cannot run here: ${why}` : false;
  if (skip) console.log(`# skipped: ${skip}`);
  return skip;
}

export interface RealKafka {
  /** The running cluster (inside tests). */
  cluster(): KafkaCluster;
  /**
   * A test whose failure keeps the cluster's files and prints the end of every JVM's log. `options`
   * as node:test takes them (`todo` for a known, reproduced bug: it runs and reports, and does not fail the suite).
   */
  test(name: string, fn: (t: TestContext) => Promise<void>, options?: TestOptions): void;
}

/**
 * Registers before/after hooks for one cluster in the current describe() block. `prepare` gives
 * options that take work to make (transport security from the prod render), in the same before().
 */
export function realKafka(options: Partial<KafkaClusterOptions> & { environment?: Environment } = {}, prepare?: () => Promise<Partial<KafkaClusterOptions>>): RealKafka {
  const why = kafkaUnavailable();
  const skip = why !== null && !inCI();
  let cluster: KafkaCluster | undefined;
  let failed = false;
  before(async () => {
    if (skip) return;
    if (why) throw new Error(`real Kafka is required in CI: ${why}`);
    cluster = await startKafkaCluster({ environment: environments.prod, ...options, ...(await prepare?.()) });
  });
  after(async () => {
    if (failed && cluster) console.log(cluster.logTails(30));
    await cluster?.stop({ keepLogs: failed });
  });
  return {
    cluster: () => {
      if (!cluster) throw new Error('the Kafka cluster did not start (see the before hook)');
      return cluster;
    },
    test: (name, fn, options = {}) =>
      test(name, options, async (t) => {
        try {
          await fn(t);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
  };
}
