// Shared by the generate tests: the repository root, temporary trees, and parsed generated files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { renderAll, type GeneratedFile } from '../../scripts/generate/index.ts';
import { writeGenerated } from '../../scripts/generate/write.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = resolve(import.meta.dirname, '../fixtures/generate');

/** A fresh temporary directory, removed when the test ends. */
export async function tempDir(t: TestContext, prefix = 'generate-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary directory holding every generated file, as `npm run generate --out` would write it. */
export async function generatedTree(t: TestContext): Promise<string> {
  const dir = await tempDir(t);
  await writeGenerated(dir, renderAll());
  return dir;
}

/** The rendered content of one generated file, by repository-relative path. */
export function generated(path: string): string {
  const file = renderAll().find((f: GeneratedFile) => f.path === path);
  if (!file) throw new Error(`${path} is not a generated file`);
  return file.content;
}
