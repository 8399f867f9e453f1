// What a promtool or amtool verdict on a file depends on, for the result cache: the file, the files
// beside it (a config's rule files, file_sd files, certificates and templates resolve there), and the
// files its rule_files name. A key over their content plus the tool's identity is the cache key.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { yaml } from '../../lazy.ts';
import type { SourceFile } from '../../types.ts';
import { cacheKey } from '../../cache.ts';

/** A file beside the checked one larger than this is keyed on its size and time, not read. */
const READ_LIMIT = 1 << 20;

/** Content of a regular file, or its size and time when large; '' for anything else (a FIFO is never opened). */
function fingerprint(path: string): string | Buffer {
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (!info?.isFile()) return '';
  return info.size > READ_LIMIT ? `${info.size}:${info.mtimeMs}` : readFileSync(path);
}

/** The rule_files a config or test file names, resolved against its directory (globs are covered by the directory listing). */
function namedRuleFiles(file: SourceFile): string[] {
  let data: unknown;
  try {
    data = yaml().parse(file.text);
  } catch {
    return []; // selection parsed it already; an unparsable file has no rule files to follow
  }
  const list = typeof data === 'object' && data !== null ? (data as { rule_files?: unknown }).rule_files : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is string => typeof p === 'string' && !/[*?[]/.test(p)).map((p) => (isAbsolute(p) ? p : resolve(dirname(file.absPath), p)));
}

export function inputsKey(tool: string, kind: string, file: SourceFile): string {
  const dir = dirname(file.absPath);
  const parts: Array<string | Buffer> = [tool, kind, file.path, file.text];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (path !== file.absPath) parts.push(name, fingerprint(path));
  }
  for (const path of namedRuleFiles(file)) parts.push(path, fingerprint(path));
  return cacheKey(...parts);
}
