// Which keys of a spark-defaults.conf Spark does not know. Known are the keys of Spark's own ConfigEntry
// registry (printed by SparkConfigKeys.java from the real spark-core jar), plus the two families Spark reads
// without registry entries, as its configuration and monitoring docs (3.5) describe them:
//  - spark.master, read by SparkContext and spark-submit directly;
//  - spark.metrics.conf.<instance>.<sink|source>.<name>.<property>, the metrics system's properties.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedClasspath } from '../../../scripts/lib/maven.ts';
import { DAEMON_HEAP } from './cluster.ts';

const KEYS_PROGRAM = join(dirname(fileURLToPath(import.meta.url)), 'SparkConfigKeys.java');

const READ_DIRECTLY = new Set(['spark.master']);

/** The instances of Spark's metrics system (monitoring.html, "Metrics"), `*` for all of them. */
const METRICS_INSTANCES = ['\\*', 'master', 'applications', 'worker', 'executor', 'driver', 'shuffleService', 'applicationMaster', 'mesos_cluster'];
const METRICS_KEY = new RegExp(`^spark\\.metrics\\.conf\\.(${METRICS_INSTANCES.join('|')})\\.(sink|source)\\.[A-Za-z][A-Za-z0-9]*\\.(class|path|period|unit)$`);

/** Every key Spark's config registry defines, read from the jars on `cp`. */
export function sparkKnownKeys(cp: ResolvedClasspath): Set<string> {
  const core = cp.jars.find((j) => /\/spark-core_[^/]+\.jar$/.test(j));
  if (!core) throw new Error(`no spark-core jar in ${cp.dir}`);
  const run = spawnSync('java', [`-Xmx${DAEMON_HEAP}`, '-cp', cp.classpath, KEYS_PROGRAM, core], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`SparkConfigKeys.java failed (${run.status}): ${run.stderr}`);
  const keys = run.stdout.split('\n').filter((l) => l.startsWith('spark.'));
  if (keys.length < 100) throw new Error(`SparkConfigKeys.java listed only ${keys.length} keys: ${run.stdout.slice(0, 500)}`);
  return new Set(keys);
}

/** `key` → line number of each setting in a spark-defaults.conf text (comments and blank lines skipped). */
export function sparkDefaultsKeys(text: string): Map<string, number> {
  const keys = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    keys.set(trimmed.split(/[\s=:]+/, 1)[0]!, i + 1);
  });
  return keys;
}

/** Keys Spark does not know, as `line: key` strings. */
export function unknownSparkKeys(text: string, known: ReadonlySet<string>): string[] {
  return [...sparkDefaultsKeys(text)]
    .filter(([key]) => !known.has(key) && !READ_DIRECTLY.has(key) && !METRICS_KEY.test(key))
    .map(([key, line]) => `${line}: ${key}`);
}
