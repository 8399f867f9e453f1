// Every shell block of the READMEs a user follows runs as written, on a copy of the repository
// (so the checkout stays clean), from the README's own directory, one block after another as a
// person would type them. The READMEs are read when the test runs: whatever they say is tested.
// Blocks that cannot run here say why in the markdown (docs/readme-commands.md).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';
import { programsOf, shellBlocks, type ShellBlock } from './readme-blocks.ts';

const READMES = ['README.md', 'terraform/README.md', 'jobs/README.md'];
/** Programs a block may need that are not part of npm ci: missing ones skip (fail in CI) the block. */
const EXTERNAL = ['terraform', 'kubectl', 'promtool', 'amtool', 'prometheus', 'kcat', 'shellcheck', 'yamllint', 'java', 'mvn', 'python3'];
const BLOCK_TIMEOUT_MS = 10 * 60_000;
const STOP_GRACE_MS = 20_000;

/** A copy as a fresh clone has it: no .git, no terraform state; node_modules is the checkout's, shared. */
function copyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  const skip = /(^|\/)(node_modules|\.git|\.terraform|[^/]*\.tfstate[^/]*|[^/]*\.tfplan)$/;
  cpSync(REPO, root, { recursive: true, filter: (src) => !skip.test(relative(REPO, src)) });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

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

async function runToEnd(block: ShellBlock, cwd: string, where: string): Promise<void> {
  const run = start(block, cwd);
  const result = await Promise.race([run.done, timeout(BLOCK_TIMEOUT_MS)]);
  if (result === 'timeout') {
    run.stop('SIGKILL');
    assert.fail(`${where}: still running after ${BLOCK_TIMEOUT_MS / 60_000} min; mark it <!-- long-running: stopped after N s --> if it is a service`);
  }
  assert.equal(result.code, 0, `${where} exited with ${result.code ?? result.signal}:\n${block.script}\n--- output (last lines) ---\n${tail(result.output)}`);
}

async function runAsService(block: ShellBlock, cwd: string, where: string, stopAfterMs: number): Promise<void> {
  const run = start(block, cwd);
  const early = await Promise.race([run.done, timeout(stopAfterMs)]);
  if (early !== 'timeout') {
    assert.equal(early.code, 0, `${where} exited with ${early.code ?? early.signal} before ${stopAfterMs / 1000} s:\n${tail(early.output)}`);
    return;
  }
  run.stop('SIGTERM');
  const stopped = await Promise.race([run.done, timeout(STOP_GRACE_MS)]);
  if (stopped === 'timeout') {
    run.stop('SIGKILL');
    await run.done;
    assert.fail(`${where} did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM`);
  }
}

const copy = copyRepository();
after(() => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  rmSync(copy, { recursive: true, force: true });
});

for (const readme of READMES) {
  const path = join(REPO, readme);
  if (!existsSync(path)) continue;
  const blocks = shellBlocks(readFileSync(path, 'utf8'), readme);
  describe(readme, () => {
    for (const block of blocks) {
      const first = block.script.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#'))?.replace(/\s+#.*$/, '').trim() ?? '';
      const where = `${readme}:${block.line}`;
      test(`${where} ${first}`, async (t) => {
        if (block.mode.kind === 'skip') return t.skip(`not run here: ${block.mode.reason}`);
        for (const program of programsOf(block.script, EXTERNAL)) if (!(await requireTool(t, program))) return;
        const cwd = join(copy, dirname(readme));
        if (block.mode.kind === 'service') await runAsService(block, cwd, where, block.mode.stopAfterMs);
        else await runToEnd(block, cwd, where);
      });
    }
  });
}
