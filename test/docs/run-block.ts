// Runs one README shell block as a person would: to its end, or as a service that must still be
// running after a while and then stop on SIGTERM. Each block gets its own process group, so
// stopping it stops everything it started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ShellBlock } from './readme-blocks.ts';

const BLOCK_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 20_000;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Every process group started and not yet seen to exit: stopped when the test ends, however it ends. */
const running = new Set<number>();

function start(block: ShellBlock, cwd: string): { done: Promise<Finished>; stop: (signal: NodeJS.Signals) => void } {
  const env = { ...process.env };
  // A nested node --test would report into this run instead of printing.
  delete env.NODE_TEST_CONTEXT;
  // Its own process group, so stopping it stops everything the block started.
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', block.script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child.pid!);
  child.once('close', () => running.delete(child.pid!));
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, output })));
  const stop = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch (error) {
      // ESRCH: the group has already exited, which is what stopping wants.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  return { done, stop };
}

const timeout = (ms: number): Promise<'timeout'> => new Promise((resolve) => setTimeout(resolve, ms, 'timeout').unref());
const tail = (text: string): string => text.split('\n').slice(-40).join('\n');

export async function runToEnd(block: ShellBlock, cwd: string, where: string): Promise<void> {
  const run = start(block, cwd);
  const result = await Promise.race([run.done, timeout(BLOCK_TIMEOUT_MS)]);
  if (result === 'timeout') {
    run.stop('SIGKILL');
    assert.fail(`${where}: still running after ${BLOCK_TIMEOUT_MS / 60_000} min; mark it <!-- long-running: stopped after N s --> if it is a service`);
  }
  assert.equal(result.code, 0, `${where} exited with ${result.code ?? result.signal}:\n${block.script}\n--- output (last lines) ---\n${tail(result.output)}`);
}

export async function runAsService(block: ShellBlock, cwd: string, where: string, stopAfterMs: number, graceMs = STOP_GRACE_MS): Promise<void> {
  const run = start(block, cwd);
  const early = await Promise.race([run.done, timeout(stopAfterMs)]);
  if (early !== 'timeout') {
    assert.equal(early.code, 0, `${where} exited with ${early.code ?? early.signal} before ${stopAfterMs / 1000} s:\n${tail(early.output)}`);
    return;
  }
  run.stop('SIGTERM');
  const stopped = await Promise.race([run.done, timeout(graceMs)]);
  if (stopped === 'timeout') {
    run.stop('SIGKILL');
    await run.done;
    assert.fail(`${where} did not stop within ${graceMs / 1000} s of SIGTERM`);
  }
}

/** Kills every block still running: for the end of a test run, however it ends. */
export function killAll(): void {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}
