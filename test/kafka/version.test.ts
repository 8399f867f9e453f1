// The real-Kafka tests prove settings on the Kafka the platform deploys, not another one: Confluent
// Platform 7.M ships Apache Kafka 3.M (Confluent's interoperability table), so the harness's Apache
// Kafka release must be on the line of the pinned cp-kafka image.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KAFKA_VERSION } from '../../scripts/kafka/artifacts.ts';
import { versions } from '../../scripts/environments.ts';

test('the harness runs the Apache Kafka line of the pinned Confluent images', () => {
  const [cpMajor, cpMinor] = versions.confluent.split('.').map(Number);
  const [akMajor, akMinor] = KAFKA_VERSION.split('.').map(Number);
  assert.equal(cpMajor, 7, `Confluent Platform ${versions.confluent}: the 7.M → 3.M mapping holds for 7.x only; 8.x has no ZooKeeper mode`);
  assert.deepEqual([akMajor, akMinor], [3, cpMinor], `cp-kafka ${versions.confluent} runs Apache Kafka 3.${cpMinor}, the harness runs ${KAFKA_VERSION}`);
});
