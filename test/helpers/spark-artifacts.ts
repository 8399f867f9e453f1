// The Spark the platform's images run (versions.spark), as a Maven artifact set: spark-core carries the
// standalone Master and Worker, their web UIs and the PrometheusServlet sink.
import { versions } from '../../scripts/environments.ts';
import type { ArtifactSet } from '../../scripts/lib/maven.ts';

export const sparkArtifacts: ArtifactSet = {
  name: `spark-${versions.spark}`,
  artifacts: [{ groupId: 'org.apache.spark', artifactId: 'spark-core_2.12', version: versions.spark }],
};
