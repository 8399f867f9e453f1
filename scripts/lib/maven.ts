// Resolves Java artifacts from Maven Central into a local cache with Maven itself, for the tests,
// benchmarks and dev commands that run real JVM programs (Kafka, ZooKeeper, Spark, ...).
//
//   const cp = await resolveMavenClasspath({ name: 'kafka-3.9.1', artifacts: [{ groupId, artifactId, version }] });
//   spawn('java', ['-cp', cp.classpath, 'some.Main']);
//
// Each artifact set gets its own directory under the cache root, named by `name` and a hash of the
// set: a small pom.xml, and lib/ with every jar of the transitive closure (`mvn
// dependency:copy-dependencies`). lib/ is filled in a temporary directory and renamed into place,
// so a directory with lib/ is always complete, and two processes resolving at once both end with
// the same jars. The jars themselves also stay in Maven's own repository (~/.m2), so a second set
// that shares artifacts downloads nothing twice.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runBounded } from './tools.ts';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

export interface ArtifactSet {
  /** Readable prefix of the cache directory, e.g. `kafka-3.9.1`. */
  name: string;
  artifacts: readonly MavenArtifact[];
}

export interface ResolvedClasspath {
  /** The set's cache directory. */
  dir: string;
  jars: string[];
  /** The jars joined for `java -cp`. */
  classpath: string;
}

export const JAVA_INSTALL_HINT = 'apt-get install -y default-jre-headless (or openjdk-17-jre-headless)';
export const MAVEN_INSTALL_HINT = 'apt-get install -y maven';

/** PLATFORM_MAVEN_CACHE, else $XDG_CACHE_HOME/platform-maven, else ~/.cache/platform-maven. */
export function mavenCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLATFORM_MAVEN_CACHE) return env.PLATFORM_MAVEN_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'platform-maven');
}

/** Why `command` cannot run here (with the install hint), or null when `command -version` works. */
function toolMissing(command: string, hint: string): string | null {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${command} is not on the PATH; ${hint}`;
  if (probe.status !== 0) return `${command} -version failed (${probe.stderr.trim().split('\n')[0] ?? ''}); ${hint}`;
  return null;
}

/** Why Java programs cannot run here, or null. */
export function javaUnavailable(): string | null {
  return toolMissing('java', JAVA_INSTALL_HINT);
}

/**
 * Why an artifact set cannot be had here, or null: Java is needed to run it, and Maven to resolve
 * it unless the set is already in the cache.
 */
export function mavenSetUnavailable(set: ArtifactSet, root = mavenCacheRoot()): string | null {
  const java = javaUnavailable();
  if (java) return java;
  if (cachedClasspath(set, root)) return null;
  return toolMissing('mvn', MAVEN_INSTALL_HINT);
}

export function cacheDirOf(set: ArtifactSet, root = mavenCacheRoot()): string {
  const key = set.artifacts.map((a) => `${a.groupId}:${a.artifactId}:${a.version}`).sort().join('\n');
  return join(root, `${set.name}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`);
}

/** The set's classpath when it is already resolved, without running Maven; otherwise null. */
export function cachedClasspath(set: ArtifactSet, root = mavenCacheRoot()): ResolvedClasspath | null {
  const dir = cacheDirOf(set, root);
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return null;
  const jars = readdirSync(lib).filter((f) => f.endsWith('.jar')).sort().map((f) => join(lib, f));
  if (jars.length === 0) return null;
  return { dir, jars, classpath: jars.join(':') };
}

export function pomFor(set: ArtifactSet): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const deps = set.artifacts
    .map((a) => `    <dependency><groupId>${escape(a.groupId)}</groupId><artifactId>${escape(a.artifactId)}</artifactId><version>${escape(a.version)}</version></dependency>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Written by scripts/lib/maven.ts: the artifact set to resolve; not a build. -->',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>platform.local</groupId>',
    `  <artifactId>${escape(set.name.replace(/[^A-Za-z0-9._-]/g, '-'))}</artifactId>`,
    '  <version>0</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    deps,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

export class MavenResolveError extends Error {}

/**
 * The set's classpath, resolving it with Maven first when it is not cached. Throws
 * MavenResolveError with Maven's own output when resolution fails (no network, unknown version).
 */
export async function resolveMavenClasspath(
  set: ArtifactSet,
  options: { root?: string; timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<ResolvedClasspath> {
  const root = options.root ?? mavenCacheRoot();
  const cached = cachedClasspath(set, root);
  if (cached) return cached;
  const missing = toolMissing('mvn', MAVEN_INSTALL_HINT);
  if (missing) throw new MavenResolveError(missing);

  const dir = cacheDirOf(set, root);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), pomFor(set));
  const staging = join(dir, `lib.${process.pid}.${Date.now()}`);
  options.log?.(`resolving ${set.artifacts.map((a) => `${a.artifactId}:${a.version}`).join(', ')} from Maven into ${dir}`);
  try {
    const run = await runBounded('mvn', ['-B', '-q', '-f', join(dir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
      timeoutMs: options.timeoutMs ?? 600_000,
      timeoutSignal: 'SIGKILL',
    });
    if (run.code !== 0) {
      throw new MavenResolveError(`mvn dependency:copy-dependencies for ${set.name} failed (exit ${run.code}):\n${run.output.trim()}\nCheck that Maven Central is reachable and the versions exist (pom: ${join(dir, 'pom.xml')}).`);
    }
    try {
      await rename(staging, join(dir, 'lib'));
    } catch (error) {
      // Another process finished first: its lib/ holds the same jars, ours is surplus.
      if (!cachedClasspath(set, root)) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const resolved = cachedClasspath(set, root);
  if (!resolved) throw new MavenResolveError(`Maven reported success but ${join(dir, 'lib')} holds no jars`);
  return resolved;
}
