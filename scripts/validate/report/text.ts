// Human-readable report: `path:line:col  severity  rule  message`, grouped by file, then the checks
// that did not run and how to make them run, then one summary line.
import type { FoldedFinding } from '../causes.ts';
import type { ValidationReport } from '../registry.ts';
import type { Finding } from '../types.ts';
import { fileLabel, summaryLine } from './summary.ts';

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters shown as escapes (`\n`, `\u001b`): a file name or message from the validated
 * tree must not start a line of its own (a CI log reads `::error ...` at a line start as a workflow
 * command) or move a terminal's cursor.
 */
export function escapeControl(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const describe = (f: Finding): string => `${escapeControl(fileLabel(f.file))}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${escapeControl(f.message)}`;

export interface TextOptions {
  /** List each cause's folded consequences under it, instead of only counting them. */
  verbose?: boolean;
}

export function formatText(report: ValidationReport, options: TextOptions = {}): string {
  const lines: string[] = [];
  const folded = report.folded ?? [];
  const under = new Map<string, FoldedFinding[]>();
  for (const f of folded) {
    const key = `${f.causedBy.file}\0${f.causedBy.line}\0${f.causedBy.rule}`;
    under.set(key, [...(under.get(key) ?? []), f]);
  }
  let current: string | null = null;
  for (const f of report.findings) {
    if (current !== null && f.file !== current) lines.push('');
    current = f.file;
    lines.push(describe(f));
    const consequences = under.get(`${f.file}\0${f.line}\0${f.rule}`) ?? [];
    if (options.verbose) for (const c of consequences) lines.push(`    caused: ${describe(c)}`);
    else if (consequences.length) lines.push(`    (${consequences.length} consequence${consequences.length === 1 ? '' : 's'} folded; --verbose shows them)`);
  }
  if (report.skipped.length) {
    if (lines.length) lines.push('');
    lines.push('Checks that did not run:');
    for (const s of report.skipped) lines.push(escapeControl(`  ${s.check}: ${s.reason}; to run it: ${s.fix}`));
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
