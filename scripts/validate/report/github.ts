// GitHub Actions workflow commands: each finding becomes an annotation on its file and line in
// the pull request; a check that did not run becomes a warning annotation.
// Escaping follows the runner's rules (actions/toolkit, command.ts).
import type { ValidationReport } from '../registry.ts';
import { summaryLine } from './summary.ts';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(report: ValidationReport): string {
  const lines = report.findings.map((f) => {
    const props = [
      ...(f.file ? [`file=${escapeProperty(f.file)}`] : []),
      ...(f.line > 0 ? [`line=${f.line}`] : []),
      ...(f.column > 0 ? [`col=${f.column}`] : []),
      `title=${escapeProperty(f.rule)}`,
    ];
    return `::${f.severity} ${props.join(',')}::${escapeData(f.message)}`;
  });
  for (const s of report.skipped) {
    lines.push(`::warning title=${escapeProperty(`${s.check} did not run`)}::${escapeData(`${s.reason}; to run it: ${s.fix}`)}`);
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}
