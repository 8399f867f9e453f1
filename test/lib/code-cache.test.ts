// The code caches of many compiled scripts are written at exit by one listener: a process that
// compiles a dozen bundles (the tests do) gets no MaxListenersExceededWarning.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileWithCodeCache } from '../../scripts/lib/code-cache.mjs';

test('compiling many scripts without a code cache adds at most one exit listener', () => {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-test-'));
  try {
    const before = process.listenerCount('exit');
    for (let i = 0; i < 20; i++) compileWithCodeCache(`globalThis.x${i} = ${i};`, `script-${i}.js`, join(dir, `script-${i}.cache`));
    assert.ok(process.listenerCount('exit') - before <= 1, `${process.listenerCount('exit') - before} exit listeners added`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
