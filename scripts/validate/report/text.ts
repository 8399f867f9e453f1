// Human-readable report: `path:line:col  severity  rule  message`, grouped by file, then the checks
// that did not run and how to make them run, then one summary line.
import type { ValidationReport } from '../registry.ts';
import { fileLabel, summaryLine } from './summary.ts';

export function formatText(report: ValidationReport): string {
  const lines: string[] = [];
  let current: string | null = null;
  for (const f of report.findings) {
    if (current !== null && f.file !== current) lines.push('');
    current = f.file;
    lines.push(`${fileLabel(f.file)}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${f.message}`);
  }
  if (report.skipped.length) {
    if (lines.length) lines.push('');
    lines.push('Checks that did not run:');
    for (const s of report.skipped) lines.push(`  ${s.check}: ${s.reason}; to run it: ${s.fix}`);
  }
  if (lines.length) lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
