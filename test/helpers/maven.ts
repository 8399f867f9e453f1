// Resolves Java artifacts from Maven Central into a local cache with Maven itself, for tests that run real
// JVM programs (Spark here; the Kafka harness needs the same). The API and the cache layout match the Kafka
// harness's scripts/lib/maven.ts draft (same root, same directory names), so the two can become one module
// and share one cache:
//
//   const cp = await resolveMavenClasspath({ name: 'spark-3.5.3', artifacts: [{ groupId, artifactId, version }] });
//   spawn('java', ['-cp', cp.classpath, 'some.Main']);
//
// Each set gets <root>/<name>-<hash of the set>/ with a small pom.xml and lib/ holding every jar of the
// transitive closure (`mvn dependency:copy-dependencies`). lib/ is filled in a staging directory and renamed
// into place, so a lib/ that exists is complete.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface MavenArtifact {
  groupId: string;
  artifactId: string;
  version: string;
}

export interface ArtifactSet {
  /** Readable prefix of the cache directory, e.g. `spark-3.5.3`. */
  name: string;
  artifacts: readonly MavenArtifact[];
}

export interface ResolvedClasspath {
  dir: string;
  jars: string[];
  /** The jars joined for `java -cp`. */
  classpath: string;
}

export const JAVA_INSTALL_HINT = 'apt-get install -y openjdk-17-jdk-headless';
export const MAVEN_INSTALL_HINT = 'apt-get install -y maven';

/** PLATFORM_MAVEN_CACHE, else $XDG_CACHE_HOME/platform-maven, else ~/.cache/platform-maven. */
export function mavenCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLATFORM_MAVEN_CACHE) return env.PLATFORM_MAVEN_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'platform-maven');
}

/** Why `command -version` does not work here (with the install hint), or null. */
export function toolMissing(command: string, hint: string): string | null {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) return `${command} is not on the PATH; ${hint}`;
  if (probe.status !== 0) return `${command} -version failed (${probe.stderr.trim().split('\n')[0] ?? ''}); ${hint}`;
  return null;
}

export function cacheDirOf(set: ArtifactSet, root = mavenCacheRoot()): string {
  const key = set.artifacts.map((a) => `${a.groupId}:${a.artifactId}:${a.version}`).sort().join('\n');
  return join(root, `${set.name}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`);
}

/** The set's classpath when already resolved, without running Maven; otherwise null. */
export function cachedClasspath(set: ArtifactSet, root = mavenCacheRoot()): ResolvedClasspath | null {
  const dir = cacheDirOf(set, root);
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return null;
  const jars = readdirSync(lib).filter((f) => f.endsWith('.jar')).sort().map((f) => join(lib, f));
  if (jars.length === 0) return null;
  return { dir, jars, classpath: jars.join(':') };
}

/** Why the set cannot be had here (Java to run it; Maven unless it is cached), or null. */
export function mavenSetUnavailable(set: ArtifactSet, root = mavenCacheRoot()): string | null {
  const java = toolMissing('java', JAVA_INSTALL_HINT);
  if (java) return java;
  if (cachedClasspath(set, root)) return null;
  return toolMissing('mvn', MAVEN_INSTALL_HINT);
}

export function pomFor(set: ArtifactSet): string {
  const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const deps = set.artifacts.map(
    (a) => `    <dependency><groupId>${esc(a.groupId)}</groupId><artifactId>${esc(a.artifactId)}</artifactId><version>${esc(a.version)}</version></dependency>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Written by test/helpers/maven.ts: the artifact set to resolve; not a build. -->',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>platform.local</groupId>',
    `  <artifactId>${esc(set.name.replace(/[^A-Za-z0-9._-]/g, '-'))}</artifactId>`,
    '  <version>0</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    ...deps,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

export class MavenResolveError extends Error {}

/** The set's classpath, resolved with Maven first when not cached; MavenResolveError carries Maven's output. */
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
  const pom = join(dir, 'pom.xml');
  await writeFile(pom, pomFor(set));
  const staging = join(dir, `lib.${process.pid}.${Date.now()}`);
  options.log?.(`resolving ${set.artifacts.map((a) => `${a.artifactId}:${a.version}`).join(', ')} with Maven into ${dir}`);
  try {
    const run = await runMaven(['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], options.timeoutMs ?? 900_000);
    if (run.code !== 0) {
      throw new MavenResolveError(
        `mvn dependency:copy-dependencies for ${set.name} failed (exit ${run.code}):\n${run.output.trim()}\nCheck that Maven Central is reachable and the versions exist (pom: ${pom}).`,
      );
    }
    try {
      await rename(staging, join(dir, 'lib'));
    } catch (error) {
      // Another process finished first: its lib/ holds the same jars and ours is surplus.
      if (!cachedClasspath(set, root)) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const resolved = cachedClasspath(set, root);
  if (!resolved) throw new MavenResolveError(`Maven reported success but ${join(dir, 'lib')} holds no jars`);
  return resolved;
}

function runMaven(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n(mvn killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
