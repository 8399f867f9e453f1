// How the README test runs a block: every command must succeed; a service must keep running until
// it is stopped, and must stop (with everything it started) on SIGTERM.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ShellBlock } from './readme-blocks.ts';
import { killAll, runAsService, runToEnd } from './run-block.ts';

const dir = mkdtempSync(join(tmpdir(), 'run-block-test-'));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});
const block = (script: string): ShellBlock => ({ line: 1, script, mode: { kind: 'run' } });

test('a block whose commands all succeed passes', async () => {
  await runToEnd(block('true\necho fine'), dir, 'R.md:1');
});

test('a failing command fails the block, names its place and runs nothing after it', async () => {
  await assert.rejects(runToEnd(block('false\ntouch after-the-failure'), dir, 'R.md:7'), /R\.md:7 exited with 1/);
  assert.equal(existsSync(join(dir, 'after-the-failure')), false);
});

test('a service still running when its time is up is stopped with everything it started', async () => {
  await runAsService(block('sleep 60 &\nsleep 60\nwait'), dir, 'R.md:1', 500);
});

test('a service that exits with an error before its time fails', async () => {
  await assert.rejects(runAsService(block('exit 3'), dir, 'R.md:2', 5_000), /R\.md:2 exited with 3 before 5 s/);
});

test('a service that ignores SIGTERM fails', async () => {
  await assert.rejects(runAsService(block("trap '' TERM\nsleep 60"), dir, 'R.md:3', 300, 1_000), /R\.md:3 did not stop within 1 s of SIGTERM/);
});
