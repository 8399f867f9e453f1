// Runs the validator as `npm run validate` does: node scripts/validate.mjs, which runs the prebuilt
// validator (building it first when a source has changed) with the working directory as the
// repository root.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VALIDATE_ENTRY = join(REPO, 'scripts', 'validate.mjs');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runValidateCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliRun {
  const r = spawnSync(process.execPath, [VALIDATE_ENTRY, ...args], { cwd, env: { ...env, INIT_CWD: cwd }, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
