// `.ci/run` calls this before `npm test` so the tests find Spark's jars resolved: npx tsx test/helpers/warm-maven-cache.ts
import { MavenResolveError, resolveMavenClasspath } from '../../scripts/lib/maven.ts';
import { sparkArtifacts } from './spark-artifacts.ts';

try {
  const cp = await resolveMavenClasspath(sparkArtifacts, { log: (line) => console.log(line) });
  console.log(`${sparkArtifacts.name}: ${cp.jars.length} jars in ${cp.dir}`);
} catch (error) {
  if (!(error instanceof MavenResolveError)) throw error;
  console.error(`warm-maven-cache: ${error.message}`);
  process.exit(2);
}
