// `terraform fmt -check -diff`: one finding per unformatted file, at the first line fmt would change.
import { join, relative, sep } from 'node:path';
import { runTool } from '../../../lib/tools.ts';
import type { Finding } from '../../types.ts';

const toPosix = (p: string): string => p.split(sep).join('/');

/** Files and first changed (old) line from a unified diff, as `terraform fmt -diff` prints it. */
export function firstChanges(diff: string): Map<string, number> {
  const out = new Map<string, number>();
  let file: string | null = null;
  let line = 0;
  for (const l of diff.split('\n')) {
    const header = /^--- old\/(.+)$/.exec(l);
    if (header) {
      file = header[1]!;
      continue;
    }
    const hunk = /^@@ -(\d+)/.exec(l);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (!file || out.has(file) || l.startsWith('+++')) continue;
    if (l.startsWith('-') || l.startsWith('+')) out.set(file, line);
    else if (l.startsWith(' ')) line++;
  }
  return out;
}

/** Runs fmt in `dir` (absolute) and below; `wanted` limits findings to the files being validated. */
export async function checkFormat(terraform: string, root: string, dir: string, wanted: Set<string>, env: NodeJS.ProcessEnv): Promise<Finding[]> {
  const run = await runTool(terraform, ['fmt', '-check', '-diff', '-recursive', '-no-color'], { cwd: dir, env });
  // 0 formatted, 3 unformatted; 2 is a syntax error, which init/validate report with its position.
  if (run.exitCode !== 3) return [];
  const findings: Finding[] = [];
  for (const [file, line] of firstChanges(run.stdout)) {
    const path = toPosix(relative(root, join(dir, file)));
    if (!wanted.has(path)) continue;
    findings.push({ file: path, line, column: 1, severity: 'error', rule: 'terraform-fmt', message: `not in canonical format from line ${line}; run \`terraform fmt ${path}\`` });
  }
  return findings;
}
