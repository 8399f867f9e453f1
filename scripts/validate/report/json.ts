// Machine-readable report. The shape is a documented interface (docs/validate.md, "JSON report"): fields
// are only ever added, and `version` changes if one is ever removed or changes meaning.
import type { ValidationReport } from '../registry.ts';
import type { Cause } from '../causes.ts';
import type { Finding, Severity } from '../types.ts';
import { summarize, type Summary } from './summary.ts';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
  check: string;
  /** generated-drift: the line as the generator writes it, and as the file has it (absent past the end of the file). */
  expected?: string;
  found?: string;
}

export interface JsonReport {
  version: 1;
  kubeVersion: string;
  summary: Summary;
  findings: JsonFinding[];
  /** Consequences folded under a cause in `findings` (causes.ts); not counted in summary.errors/warnings. */
  folded: Array<JsonFinding & { causedBy: Cause }>;
  skipped: Array<{ check: string; reason: string; fix: string }>;
  checks: Array<{ id: string; description: string; findings: number; folded: number; skipped: boolean; elapsedMs: number }>;
}

export function toJsonReport(report: ValidationReport): JsonReport {
  const checkOf = new Map<object, string>();
  for (const c of report.checks) for (const f of [...c.findings, ...(c.folded ?? [])]) checkOf.set(f, c.id);
  // One shape for a finding, acted on or folded: the JSON's field order is part of its stable shape.
  const entry = (f: Finding): JsonFinding => ({
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    check: checkOf.get(f) ?? '',
    ...(f.expected === undefined ? {} : { expected: f.expected }),
    ...(f.found === undefined ? {} : { found: f.found }),
  });
  return {
    version: 1,
    kubeVersion: report.kubeVersion,
    summary: summarize(report),
    findings: report.findings.map(entry),
    folded: (report.folded ?? []).map((f) => ({ ...entry(f), causedBy: { file: f.causedBy.file, line: f.causedBy.line, rule: f.causedBy.rule } })),
    skipped: report.skipped.map((s) => ({ check: s.check, reason: s.reason, fix: s.fix })),
    checks: report.checks.map((c) => ({
      id: c.id,
      description: c.description,
      findings: c.findings.length,
      folded: c.folded?.length ?? 0,
      skipped: c.skipped.length > 0,
      elapsedMs: Math.round(c.elapsedMs),
    })),
  };
}

export const formatJson = (report: ValidationReport): string => `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
