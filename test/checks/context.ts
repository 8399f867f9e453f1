// Builds a validate Context by hand from a fixture directory, so each check runs on its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { Context, FileKind, SourceFile } from '../../scripts/validate/types.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/checks');

function kindOf(path: string, text: string): FileKind {
  const ext = extname(path);
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.tf') return 'terraform';
  if (ext === '.sh' || /^#!.*\b(ba|da)?sh\b/.test(text)) return 'shell';
  if (ext === '.conf') return 'logstash';
  return 'other';
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

/** A context whose root is test/fixtures/checks/<dir> and whose files are every file below it. */
export function fixtureContext(dir: string): Context {
  const root = join(FIXTURES, dir);
  const files: SourceFile[] = walk(root)
    .sort()
    .map((absPath) => {
      const text = readFileSync(absPath, 'utf8');
      const path = relative(root, absPath).split(sep).join('/');
      return { path, absPath, kind: kindOf(path, text), text };
    });
  return { root, files, options: { kubeVersion: '1.33', requireAll: false, cache: true } };
}
