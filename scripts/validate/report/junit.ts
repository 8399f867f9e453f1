// JUnit XML for CI test-report viewers: one testsuite per check, one testcase per file the check
// found mistakes in (a failure listing them), a passing testcase for a clean check, and a skipped
// testcase for a check that did not run. Warnings are not failures; they go to system-out.
import type { ValidationReport } from '../registry.ts';
import type { Finding } from '../types.ts';
import { fileLabel } from './summary.ts';

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const describe = (f: Finding): string => `${fileLabel(f.file)}:${f.line}:${f.column}  ${f.severity}  ${f.rule}  ${f.message}`;

export function formatJunit(report: ValidationReport): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const check of report.checks) {
    const cases: string[] = [];
    let failures = 0;
    const byFile = new Map<string, Finding[]>();
    for (const f of check.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      const errors = findings.filter((f) => f.severity === 'error');
      const warnings = findings.filter((f) => f.severity === 'warning');
      const parts = [`    <testcase classname="${xml(check.id)}" name="${xml(fileLabel(file))}">`];
      if (errors.length) {
        failures++;
        const first = errors[0]!;
        parts.push(`      <failure type="${xml(first.rule)}" message="${xml(`${errors.length} error(s); first: ${first.message}`)}">${xml(errors.map(describe).join('\n'))}</failure>`);
      }
      if (warnings.length) parts.push(`      <system-out>${xml(warnings.map(describe).join('\n'))}</system-out>`);
      parts.push('    </testcase>');
      cases.push(parts.join('\n'));
    }
    for (const s of check.skipped) {
      cases.push(`    <testcase classname="${xml(check.id)}" name="${xml(s.check)}">\n      <skipped message="${xml(`${s.reason}; to run it: ${s.fix}`)}"/>\n    </testcase>`);
    }
    if (!cases.length) cases.push(`    <testcase classname="${xml(check.id)}" name="${xml(check.id)}"/>`);
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xml(check.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${check.skipped.length}" time="${seconds(check.elapsedMs)}">\n` +
        `    <properties><property name="description" value="${xml(check.description)}"/></properties>\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="validate" tests="${totalTests}" failures="${totalFailures}" errors="0" time="${seconds(report.elapsedMs)}">\n${suites.join('\n')}\n</testsuites>\n`
  );
}
