// What scripts/environments.ts (the typed description of the environments) says each environment
// must use. Read from the repository being validated, so a copy of the repository is judged by its own
// description; absent or unreadable, the rules fall back to what the configs say among themselves.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importAtRunTime } from '../../../lib/run-time-import.ts';

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

export async function loadFacts(root: string): Promise<Facts | undefined> {
  const abs = join(root, ENVIRONMENTS_FILE);
  if (!existsSync(abs)) return undefined;
  let mod: Record<string, unknown>;
  try {
    mod = await importAtRunTime<Record<string, unknown>>(pathToFileURL(abs).href);
  } catch {
    return undefined; // the typecheck reports a broken environments file
  }
  const envs = new Map<string, EnvFacts>();
  for (const [name, env] of Object.entries(rec(mod.environments))) {
    const e = rec(env);
    envs.set(name, { namespace: str(e.namespace), topic: str(rec(e.kafka).topic), index: str(rec(e.elasticsearch).index) });
  }
  if (envs.size === 0) return undefined;
  return { file: ENVIRONMENTS_FILE, envs, composeEnv: str(rec(mod.local).configEnv) ?? 'dev' };
}
