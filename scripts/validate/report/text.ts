// Human-readable report: `path:line:col  severity  rule  message`, grouped by file, then the checks
// that did not run and how to make them run, then one summary line.
import type { ValidationReport } from '../registry.ts';
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

export function formatText(report: ValidationReport): string {
  const lines: string[] = [];
  let current: string | null = null;
  for (const f of report.findings) {
    if (current !== null && f.file !== current) lines.push('');
    current = f.file;
    lines.push(`${escapeControl(fileLabel(f.file))}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${escapeControl(f.message)}`);
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
