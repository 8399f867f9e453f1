// The generated-drift check runs the generator once per change of the generator's inputs and keeps
// what it wrote in the validator's private cache; every run still compares the tree with it.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { driftCheck, GENERATOR_INPUTS, generatorKey } from '../../scripts/validate/checks/drift.ts';
import type { Context } from '../../scripts/validate/types.ts';
import { REPO } from '../helpers/validate-cli.ts';

const temp = (t: { after(fn: () => void): void }, prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

test("the drift cache's key covers every module the generator imports", async () => {
  const built = await esbuild.build({ entryPoints: [join(REPO, 'scripts', 'generate.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', write: false, metafile: true, logLevel: 'silent', absWorkingDir: REPO });
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.length > 5, inputs.join(', '));
  const uncovered = inputs.filter((p) => !GENERATOR_INPUTS.some((k) => p === k || p.startsWith(`${k}/`)));
  assert.deepEqual(uncovered, [], 'a generator module outside GENERATOR_INPUTS would not invalidate the cached output');
});

test("the drift cache's key changes with any generator module, the typed source and the installed packages", (t) => {
  const copy = temp(t, 'drift-key-');
  for (const p of GENERATOR_INPUTS) if (!p.startsWith('node_modules')) cpSync(join(REPO, p), join(copy, p), { recursive: true });
  const before = generatorKey(copy);
  assert.equal(generatorKey(copy), before, 'the key is stable');
  const edits = ['scripts/generate/header.ts', 'scripts/environments.ts', 'package-lock.json'];
  let last = before;
  for (const file of edits) {
    writeFileSync(join(copy, file), `${readFileSync(join(copy, file), 'utf8')}\n`);
    const now = generatorKey(copy);
    assert.notEqual(now, last, `${file} changed, the key did not`);
    last = now;
  }
  writeFileSync(join(copy, 'scripts', 'generate', 'new-module.ts'), 'export {};\n');
  assert.notEqual(generatorKey(copy), last, 'a new generator module changes the key');
});

test('a second run compares the tree with the cached output instead of running the generator again', async (t) => {
  const cache = temp(t, 'drift-cache-');
  const root = temp(t, 'drift-tree-');
  for (const dir of ['config', 'compose', 'terraform']) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
  process.env.PLATFORM_VALIDATE_CACHE = cache;
  t.after(() => delete process.env.PLATFORM_VALIDATE_CACHE);
  const ctx: Context = { root, files: [], options: { kubeVersion: '1.33', requireAll: false, cache: true } };
  assert.deepEqual((await driftCheck.run(ctx)).findings, [], 'the committed generated files match');

  // The cached output, edited: were the generator run again, the tree would still match.
  const dir = join(cache, 'generated-output');
  const entries = readdirSync(dir);
  assert.equal(entries.length, 1, `one cached generation, found ${entries.join(', ')}`);
  const entry = join(dir, entries[0]!);
  const files = JSON.parse(readFileSync(entry, 'utf8')) as Record<string, string>;
  assert.ok(files['compose/compose.yaml'], `cached paths: ${Object.keys(files).join(', ')}`);
  files['compose/compose.yaml'] = `${files['compose/compose.yaml']}# not in the tree\n`;
  writeFileSync(entry, JSON.stringify(files));
  const second = await driftCheck.run(ctx);
  assert.deepEqual(
    second.findings.map((f) => [f.file, f.rule]),
    [['compose/compose.yaml', 'generated-drift']],
  );
});
