// SARIF 2.1.0 (OASIS), the format code-scanning views read: one run, the rules that have results
// (with their descriptions) in tool.driver.rules, one result per finding located by a repository-
// relative URI against the SRCROOT base, and each check that did not run as a notification of the
// invocation. Lines and columns that are unknown (0) are left out, as SARIF counts from 1.
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { ValidationReport } from '../registry.ts';
import { ruleDescription } from './rule-descriptions.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A repository-relative path as a relative URI: each segment percent-encoded (spaces, #, ?, control characters). */
const toUri = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

export function toSarif(report: ValidationReport): Log {
  const checkOf = new Map<object, { id: string; description: string }>();
  for (const c of report.checks) for (const f of c.findings) checkOf.set(f, c);

  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of report.findings) {
    if (ruleIndex.has(f.rule)) continue;
    const check = checkOf.get(f);
    const text = ruleDescription(f.rule) ?? (check ? `Reported by the ${check.id} check: ${check.description}.` : f.rule);
    ruleIndex.set(f.rule, rules.length);
    rules.push({
      id: f.rule,
      shortDescription: { text },
      defaultConfiguration: { level: f.severity },
      ...(check ? { properties: { check: check.id } } : {}),
    });
  }

  const results: Result[] = report.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule)!,
    level: f.severity,
    message: { text: f.message },
    ...(f.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.file), uriBaseId: 'SRCROOT' },
                ...(f.line > 0 ? { region: { startLine: f.line, ...(f.column > 0 ? { startColumn: f.column } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
  }));

  const notifications: Notification[] = report.skipped.map((s) => ({
    level: 'warning',
    message: { text: `${s.check} did not run: ${s.reason}; to run it: ${s.fix}` },
    descriptor: { id: s.check },
  }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'platform-validate', rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(report.root).href.replace(/\/?$/, '/')}` } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

export const formatSarif = (report: ValidationReport): string => `${JSON.stringify(toSarif(report), null, 2)}\n`;
