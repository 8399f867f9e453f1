// What scripts/environments.ts (the typed description of the environments) says each environment
// must use. Read from the repository being validated, so a copy of the repository is judged by its own
// description; absent, the rules fall back to what the configs say among themselves. Present but
// not importable, the checks that need it are reported as skipped with the reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as own from '../../../environments.ts';
import type { SkippedCheck } from '../../types.ts';

export interface EnvFacts {
  namespace?: string;
  topic?: string;
  index?: string;
}

export interface Facts {
  /** The environment file, for messages. */
  file: string;
  envs: Map<string, EnvFacts>;
  /** The environment whose configs the compose stack mounts. */
  composeEnv: string;
}

export const ENVIRONMENTS_FILE = 'scripts/environments.ts';


export interface LoadedFacts {
  facts?: Facts;
  /** Why the checks against the environments file did not run, when it exists but cannot be read. */
  skipped: SkippedCheck[];
}

/** The validator's own typed source, as this validator was written against it. */
const OWN_SOURCE = fileURLToPath(new URL('../../../environments.ts', import.meta.url));

/**
 * The typed source's facts, from the validator's own scripts/environments.ts (imported statically:
 * trusted code), used only when the tree's copy is byte for byte the same. The tree's own file is never
 * imported: a tree being validated is untrusted, and importing TypeScript runs it.
 */
export async function loadFacts(root: string): Promise<LoadedFacts> {
  const abs = join(root, ENVIRONMENTS_FILE);
  if (!existsSync(abs)) return { skipped: [] };
  const [theirs, ours] = await Promise.all([readFile(abs, 'utf8'), readFile(OWN_SOURCE, 'utf8')]);
  if (theirs !== ours) {
    return {
      skipped: [
        {
          check: 'cross-layers (typed source)',
          reason: `${ENVIRONMENTS_FILE} in ${root} differs from the validator's own; reading it would run code from the tree being validated, so topic, index and namespace are compared only between the tree's own files`,
          fix: 'validate that checkout with its own `npm run validate`',
        },
      ],
    };
  }
  const envs = new Map<string, EnvFacts>();
  for (const env of Object.values(own.environments)) {
    envs.set(env.name, { namespace: env.namespace, topic: env.kafka.topic, index: env.elasticsearch.index });
  }
  return { facts: { file: ENVIRONMENTS_FILE, envs, composeEnv: own.local.configEnv }, skipped: [] };
}
