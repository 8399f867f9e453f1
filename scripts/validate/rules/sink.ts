// Collects findings for one run: drops waived ones and those the configuration turns off, gives
// each its configured severity, and merges the copies of one finding that a base object produces
// once through each overlay.
import type { Finding, Severity, SourceLocation } from '../types.ts';
import { waiverState, type WaiverScope } from './waivers.ts';

interface Pending {
  finding: Finding;
  contexts: string[];
}

/** What a rule may add to a finding for causes.ts: the cause it follows from, or the stale values it explains. */
export type FindingLinks = Pick<Finding, 'causedBy' | 'stale'>;

/** A rule's severity for a file, or 'off' where validate.config.yaml (or a flag) disables it there. */
export type SeverityOf = (rule: string, file: string) => Severity | 'off';

/**
 * The tail of a policy rule's message: a repository that runs its workloads differently on purpose
 * must learn from the finding itself that it is an opinion, and how to switch it off.
 */
export const policyHint = (rule: string): string =>
  ` (a policy of this platform, not a Kubernetes error; to turn it off: --disable-rule ${rule}, or rules.disable in validate.config.yaml)`;

export class FindingSink {
  private readonly byKey = new Map<string, Pending>();

  /** @param policies the ids of the rules that are policies (rules/rule.ts), whose messages say how to turn them off. */
  constructor(
    private readonly severityOf: SeverityOf,
    private readonly policies: ReadonlySet<string> = new Set(),
  ) {}

  /**
   * @param waivers the annotation/label maps of every object the finding is about; a valid waiver
   *   in any of them silences it. @param context the render (or stack) it was seen in, listed when
   *   the same finding comes from several. @param container the container the finding is about, for
   *   waivers that name containers. @param links the cause this finding follows from (causes.ts).
   */
  report(rule: string, at: SourceLocation, message: string, waivers: WaiverScope = [], context?: string, container?: string, links: FindingLinks = {}): void {
    if (waiverState(waivers, rule, container) === 'waived') return;
    const severity = this.severityOf(rule, at.file);
    if (severity === 'off') return;
    this.add({ file: at.file, line: at.line, column: at.column, severity, rule, message, ...links }, context);
  }

  /** A finding no waiver or setting can silence: a rule that failed on its input. */
  reportFailure(rule: string, at: SourceLocation, message: string, context?: string): void {
    this.add({ file: at.file, line: at.line, column: at.column, severity: 'error', rule, message }, context);
  }

  private add(finding: Finding, context: string | undefined): void {
    const key = `${finding.file}\0${finding.line}\0${finding.column}\0${finding.rule}`;
    const seen = this.byKey.get(key);
    if (seen) {
      if (context && !seen.contexts.includes(context)) seen.contexts.push(context);
      return;
    }
    this.byKey.set(key, { finding, contexts: context ? [context] : [] });
  }

  findings(): Finding[] {
    return [...this.byKey.values()].map(({ finding, contexts }) => {
      // Name the renders only when the file alone does not tell (a base file seen through overlays).
      const where = contexts.length > 0 && !contexts.every((c) => finding.file === c || finding.file.startsWith(`${c}/`)) ? ` [in ${contexts.join(', ')}]` : '';
      const hint = this.policies.has(finding.rule) ? policyHint(finding.rule) : '';
      return where || hint ? { ...finding, message: `${finding.message}${where}${hint}` } : finding;
    });
  }
}
