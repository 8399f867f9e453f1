// The Apache Kafka release the tests, the benchmark and `npm run kafka` run: 3.9, the last line
// with ZooKeeper mode (as the platform runs Kafka), from Maven Central. kafka_2.13 brings the
// broker and ZooKeeper; kafka-tools the CLI classes (TopicCommand, ...); slf4j-reload4j the log4j
// binding without which the JVMs would log nothing at all.
import { cachedClasspath, mavenSetUnavailable, resolveMavenClasspath, type ArtifactSet, type ResolvedClasspath } from '../lib/maven.ts';

export const KAFKA_VERSION = '3.9.1';

export const KAFKA_ARTIFACTS: ArtifactSet = {
  name: `kafka-${KAFKA_VERSION}`,
  artifacts: [
    { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: KAFKA_VERSION },
    { groupId: 'org.apache.kafka', artifactId: 'kafka-tools', version: KAFKA_VERSION },
    { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' },
  ],
};

/** Why real Kafka cannot run here (Java missing, or Maven missing and nothing cached), or null. */
export function kafkaUnavailable(): string | null {
  return mavenSetUnavailable(KAFKA_ARTIFACTS);
}

/** The classpath of broker, ZooKeeper and CLI classes; resolves them with Maven on first use. */
export async function kafkaClasspath(log?: (line: string) => void): Promise<ResolvedClasspath> {
  return cachedClasspath(KAFKA_ARTIFACTS) ?? resolveMavenClasspath(KAFKA_ARTIFACTS, log ? { log } : {});
}
