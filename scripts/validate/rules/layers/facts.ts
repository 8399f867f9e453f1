// What scripts/environments.ts (the typed description of the environments) says each environment
// must use. Read from the repository being validated, so a copy of the repository is judged by its own
// description; absent, the rules fall back to what the configs say among themselves. Present but
// not importable, the checks that need it are reported as skipped with the reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

export interface LoadedFacts {
  facts?: Facts;
  /** Why the checks against the environments file did not run, when it exists but cannot be read. */
  skipped: SkippedCheck[];
}

export async function loadFacts(root: string): Promise<LoadedFacts> {
  const abs = join(root, ENVIRONMENTS_FILE);
  if (!existsSync(abs)) return { skipped: [] };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return {
      skipped: [
        {
          check: 'cross-layers (topic, index)',
          reason: `${ENVIRONMENTS_FILE} could not be imported: ${reason}`,
          fix: `fix ${ENVIRONMENTS_FILE} (npm run typecheck shows where)`,
        },
      ],
    };
  }
  const envs = new Map<string, EnvFacts>();
  for (const [name, env] of Object.entries(rec(mod.environments))) {
    const e = rec(env);
    envs.set(name, { namespace: str(e.namespace), topic: str(rec(e.kafka).topic), index: str(rec(e.elasticsearch).index) });
  }
  if (envs.size === 0) return { skipped: [] };
  return { facts: { file: ENVIRONMENTS_FILE, envs, composeEnv: str(rec(mod.local).configEnv) ?? 'dev' }, skipped: [] };
}
