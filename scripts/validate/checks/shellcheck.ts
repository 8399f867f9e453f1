// Shell scripts checked by the real shellcheck: every *.sh and every file with a sh/bash shebang.
import { findTool, missingTool, runTool } from '../../lib/tools.ts';
import { emptyResult, type Check, type CheckResult, type Finding, type Severity, type SourceFile } from '../types.ts';
import { cachedCheckResult, toolIdentity } from './result-cache.ts';

// The shells shellcheck understands: sh, bash, dash, ksh.
const SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\/usr)?(?:\/bin\/)?(?:ba|da|k)?sh\b/;

export function isShellScript(file: SourceFile): boolean {
  return file.kind === 'shell' || /\.(sh|bash)$/.test(file.path) || SHEBANG.test(file.text);
}

interface Comment {
  file: string;
  line: number;
  column: number;
  level: 'error' | 'warning' | 'info' | 'style';
  code: number;
  message: string;
}

// shellcheck's info and style notes are still worth fixing, but they do not break a script.
const SEVERITY: Record<Comment['level'], Severity> = { error: 'error', warning: 'warning', info: 'warning', style: 'warning' };

/** Keeps each command line well below the kernel's argument limit. */
const BATCH = 200;

export const shellcheckCheck: Check = {
  id: 'shellcheck',
  description: 'shell scripts (*.sh and sh/bash shebangs) with shellcheck',
  async run(ctx): Promise<CheckResult> {
    const scripts = ctx.files.filter(isShellScript);
    if (!scripts.length) return emptyResult();
    const shellcheck = await findTool('shellcheck');
    if (!shellcheck) return { findings: [], skipped: [missingTool('shellcheck', 'shellcheck')] };
    // shellcheck reads the scripts and the .shellcheckrc files above them (sourced files only with -x,
    // which is not passed): the verdict is kept on those and the binary's identity.
    const rcFiles = ctx.files.filter((f) => f.path === '.shellcheckrc' || f.path.endsWith('/.shellcheckrc'));
    const inputs = [await toolIdentity(shellcheck), ...[...rcFiles, ...scripts].flatMap((f) => [f.path, f.text])];
    return cachedCheckResult('shellcheck', inputs, ctx.options.cache, () => runShellcheck(shellcheck, ctx.root, scripts));
  },
};

async function runShellcheck(shellcheck: string, root: string, scripts: SourceFile[]): Promise<CheckResult> {
  const findings: Finding[] = [];
  for (let i = 0; i < scripts.length; i += BATCH) {
    const paths = scripts.slice(i, i + BATCH).map((f) => f.path);
    const run = await runTool(shellcheck, ['-f', 'json1', '--', ...paths], { cwd: root });
    // 0 clean, 1 comments; anything else is shellcheck itself failing (bad flag, unreadable file).
    if (run.exitCode > 1) throw new Error(`shellcheck failed (exit ${run.exitCode}): ${run.stderr.trim()}`);
    const { comments } = JSON.parse(run.stdout) as { comments: Comment[] };
    for (const c of comments) {
      findings.push({
        file: c.file,
        line: c.line,
        column: c.column,
        severity: SEVERITY[c.level],
        rule: 'shellcheck',
        message: `SC${c.code}: ${c.message} (https://www.shellcheck.net/wiki/SC${c.code})`,
      });
    }
  }
  return { findings, skipped: [] };
}
