// A throw-away copy of parts of the repository, for tests that make a mistake in the real manifests
// and check that the validator reports it where it was made.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Copies the given repository-relative paths (those that exist) into a new temporary directory. */
export function copyRepository(paths: readonly string[], prefix = 'repo-copy-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const p of paths) if (existsSync(join(REPO, p))) cpSync(join(REPO, p), join(root, p), { recursive: true });
  return root;
}

export function removeCopy(root: string): void {
  if (root) rmSync(root, { recursive: true, force: true });
}

/** 1-based column of a line's first non-blank character. */
export const indentOf = (l: string): number => l.search(/\S/) + 1;

/**
 * Rewrites the first line of `file` (under `root`) matching `pattern` after line `after` (1-based; 0
 * searches from the top) with `edit`, which may return several lines; returns `file:line:column` of
 * the rewritten line.
 */
export function mistake(root: string, file: string, pattern: RegExp, edit: (line: string) => string, column: (line: string) => number, after = 0): string {
  const path = join(root, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n >= after && pattern.test(l));
  assert.ok(i >= 0, `${file} has no line matching ${pattern} after line ${after}; the repository changed, adapt this test`);
  lines[i] = edit(lines[i]!);
  writeFileSync(path, lines.join('\n'));
  return `${file}:${i + 1}:${column(lines[i]!)}`;
}

/**
 * `file:line` of the first line of `file` (under `root`, as it is now) matching `pattern` after line
 * `after` (1-based; 0 searches from the top). Tests compute expected places with it from the text they
 * planted, so they keep working when unrelated lines of the file change.
 */
export function lineOf(root: string, file: string, pattern: RegExp, after = 0): string {
  return `${file}:${lineNumber(root, file, pattern, after)}`;
}

/** The 1-based number of the first line of `file` matching `pattern` after line `after`. */
export function lineNumber(root: string, file: string, pattern: RegExp, after = 0): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n >= after && pattern.test(l));
  assert.ok(i >= 0, `${file} has no line matching ${pattern} after line ${after}; the repository changed, adapt this test`);
  return i + 1;
}


/** Runs this repository's validator with the copy at `root` as the repository root, as `npm run validate` would there. */
export { runValidateCli as runValidate } from './validate-cli.ts';
