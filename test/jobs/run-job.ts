// Runs a job the way `npm run producer` / `npm run metrics` does (node with tsx), capturing its
// output, for the tests that treat the jobs as black boxes.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PRODUCER = 'jobs/src/producer/main.ts';
export const METRICS_APP = 'jobs/src/metrics/main.ts';

export interface JobRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) and how long the run took. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Resolves when stdout has matched `pattern`; rejects if the job exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export function runJob(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): JobRun {
  const started = performance.now();
  // A clean environment: the tests must not pick up the caller's KAFKA_* or PORT by accident.
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test' };
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: REPO, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, ms: performance.now() - started })),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = out.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} in ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const onExit = (): void => {
        check();
        cleanup();
        reject(new Error(`exited before printing ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('close', onExit);
      };
      child.stdout!.on('data', check);
      child.once('close', onExit);
      check();
    });
  return { child, stdout: () => out, stderr: () => err, exited, waitFor };
}

export { freePort } from '../helpers/ports.ts';
