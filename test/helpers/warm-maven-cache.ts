// `.ci/run` calls this before `npm test` so the tests find Spark's and helm-java's jars resolved: npx tsx test/helpers/warm-maven-cache.ts
import { MavenResolveError, resolveMavenClasspath } from '../../scripts/lib/maven.ts';
import { helmArtifacts } from './helm.ts';
import { sparkArtifacts } from './spark-artifacts.ts';

for (const set of [sparkArtifacts, helmArtifacts]) {
  try {
    const cp = await resolveMavenClasspath(set, { log: (line) => console.log(line) });
    console.log(`${set.name}: ${cp.jars.length} jars in ${cp.dir}`);
  } catch (error) {
    if (!(error instanceof MavenResolveError)) throw error;
    console.error(`warm-maven-cache: ${error.message}`);
    process.exit(2);
  }
}
