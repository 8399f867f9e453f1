// Counts shared by every report format, so they all say the same thing.
import type { ValidationReport } from '../registry.ts';

export interface Summary {
  files: number;
  objects: number;
  errors: number;
  warnings: number;
  /** Consequences folded under a cause; not errors or warnings of their own. */
  folded: number;
  checks: number;
  skippedChecks: number;
  elapsedMs: number;
}

export function summarize(report: ValidationReport): Summary {
  return {
    files: report.files,
    objects: report.objects,
    errors: report.findings.filter((f) => f.severity === 'error').length,
    warnings: report.findings.filter((f) => f.severity === 'warning').length,
    folded: report.folded?.length ?? 0,
    checks: report.checks.length,
    skippedChecks: report.skipped.length,
    elapsedMs: Math.round(report.elapsedMs),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The closing line: files, objects, findings by severity, checks that did not run, elapsed time. */
export function summaryLine(report: ValidationReport): string {
  const s = summarize(report);
  const notRun = s.skippedChecks ? `, ${plural(s.skippedChecks, 'check')} did not run` : '';
  return (
    `${s.errors ? 'FAIL' : 'OK'}: ${plural(s.files, 'file')}, ${plural(s.objects, 'Kubernetes object')} (Kubernetes ${report.kubeVersion}), ` +
    `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${notRun} in ${(s.elapsedMs / 1000).toFixed(2)}s`
  );
}

/** Display name of a finding's file; findings about the run itself have none. */
export const fileLabel = (file: string): string => file || '(validate)';
