// Collects findings for one run: drops waived ones, and merges the copies of one finding that a
// base object produces once through each overlay.
import type { Finding, SourceLocation } from '../types.ts';
import { ruleInfo, type RuleId } from './catalog.ts';
import { waiverState, type WaiverScope } from './waivers.ts';

interface Pending {
  finding: Finding;
  contexts: string[];
}

export class FindingSink {
  private readonly byKey = new Map<string, Pending>();

  /**
   * @param scope the annotation/label maps of every object the finding is about; a valid waiver in
   *   any of them silences it. @param context the render (or stack) it was seen in, listed when
   *   the same finding comes from several.
   */
  report(rule: RuleId, at: SourceLocation, message: string, scope: WaiverScope = [], context?: string): void {
    if (waiverState(scope, rule) === 'waived') return;
    const key = `${at.file}\0${at.line}\0${at.column}\0${rule}`;
    const seen = this.byKey.get(key);
    if (seen) {
      if (context && !seen.contexts.includes(context)) seen.contexts.push(context);
      return;
    }
    this.byKey.set(key, {
      finding: { file: at.file, line: at.line, column: at.column, severity: ruleInfo(rule).severity, rule, message },
      contexts: context ? [context] : [],
    });
  }

  findings(): Finding[] {
    // Name the renders only when the file alone does not tell (a base file seen through overlays).
    return [...this.byKey.values()].map(({ finding, contexts }) =>
      contexts.length > 0 && !contexts.every((c) => finding.file === c || finding.file.startsWith(`${c}/`))
        ? { ...finding, message: `${finding.message} [in ${contexts.join(', ')}]` }
        : finding,
    );
  }
}
