// Writes generated files under a root directory, touching only files whose content changed, so running
// generate twice changes nothing (content, and modification times of unchanged files).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from './index.ts';

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

/** A file's text, or null when it does not exist. */
export async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function writeGenerated(root: string, files: GeneratedFile[]): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [] };
  for (const f of files) {
    const abs = join(root, ...f.path.split('/'));
    if ((await readOrNull(abs)) === f.content) {
      report.unchanged.push(f.path);
    } else {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, f.content, 'utf8');
      report.written.push(f.path);
    }
  }
  return report;
}
