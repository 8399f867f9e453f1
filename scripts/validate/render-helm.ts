// Step 3 for Helm charts: each chart found in the tree (a Chart.yaml beside templates/) is rendered
// with `helm template` when a helm binary is on the PATH, and its objects go through the same object
// checks as a kustomize render. Without helm the charts are one notice, never parsed as manifests.
//
// A chart is untrusted input like everything else in the tree: helm runs with the chart's own files
// only (no --dependency-update, so nothing is downloaded; a dependency missing from charts/ is said),
// a private HOME and HELM_* directories (no plugins, repositories or registry logins of the user's),
// an environment without the caller's variables (templates can read the environment), and the same
// timeout and bounded concurrency as kustomize. Its output is read by the validator's one YAML reader
// with its alias and depth limits, since a template can print anything.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, missingTool } from '../lib/tools.ts';
import { parseYaml } from './parse.ts';
import { mapLimit, RENDER_CONCURRENCY, RENDER_TIMEOUT_MS, runBounded } from './render.ts';
import { objectField, shownName, type SourceIndex } from './sources.ts';
import type { Finding, KubeObject, Render, SkippedCheck, SourceFile } from './types.ts';

/**
 * Address space a helm process may take. Go reserves address space well beyond what it uses, so the
 * cap is higher than kustomize's; it still stops a template that expands without bound.
 */
export const HELM_MEMORY_BYTES = 4 * 1024 * 1024 * 1024;

/** The release name charts are rendered under: `.Release.Name` must be something. */
export const RELEASE_NAME = 'validate';

export interface HelmRenderResult {
  renders: Render[];
  findings: Finding[];
  skipped: SkippedCheck[];
}

const chartFile = (dir: string): string => (dir === '.' ? 'Chart.yaml' : `${dir}/Chart.yaml`);
const inChart = (dir: string, rest: string): string => (dir === '.' ? rest : `${dir}/${rest}`);

/** helm names a template `<chart name>/templates/x.yaml` (or `<chart>/charts/<sub>/templates/...`): the path in the tree. */
function templatePath(chartDir: string, helmPath: string): string {
  const slash = helmPath.indexOf('/');
  return inChart(chartDir, slash < 0 ? helmPath : helmPath.slice(slash + 1));
}

/** The line of a template that writes `kind: <kind>`, else 1: templates are not YAML, so this is the best available anchor. */
function kindLine(text: string | undefined, kind: string): number {
  if (!text || !kind) return 1;
  const at = new RegExp(`^\\s*kind:\\s*["']?${kind.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`, 'm').exec(text);
  return at ? text.slice(0, at.index).split('\n').length : 1;
}

/** helm's error, located at the template (and line) it names when it names one, else at Chart.yaml. */
function errorFinding(chartDir: string, stderr: string): Finding {
  const message = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Use --debug flag/.test(l))
    .join(' ')
    .replace(/^Error: /, '');
  const missingDeps = /found in Chart\.yaml, but missing in charts\/ directory/.test(message);
  if (missingDeps) {
    return {
      file: chartFile(chartDir),
      line: 1,
      column: 1,
      severity: 'warning',
      rule: 'helm-template',
      message: `helm template ${chartDir} not checked: ${message}; the validator never downloads dependencies: run \`helm dependency build ${chartDir}\` to check the chart with them`,
    };
  }
  // `template: web/templates/x.yaml:4:18: ...`, `parse error at (web/templates/x.yaml:5): ...`, `YAML parse error on web/templates/x.yaml: ...`
  const at = /([\w.-]+\/(?:[\w.-]+\/)*[\w.-]+\.(?:ya?ml|tpl|txt|json)):?(\d+)?(?::(\d+))?/.exec(message);
  return {
    file: at ? templatePath(chartDir, at[1]!) : chartFile(chartDir),
    line: at?.[2] ? Number(at[2]) : 1,
    column: at?.[3] ? Number(at[3]) : 1,
    severity: 'error',
    rule: 'helm-template',
    message: `helm template ${chartDir} failed: ${message}`,
  };
}

/** The rendered objects, each placed at the template helm says it came from (`# Source:`). */
function objectsOf(chartDir: string, stdout: string, index: SourceIndex): { objects: KubeObject[]; findings: Finding[] } {
  const objects: KubeObject[] = [];
  const findings: Finding[] = [];
  // helm separates templates with `---` and heads each with `# Source: <path>`.
  for (const chunk of stdout.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim();
    const file = source ? templatePath(chartDir, source) : chartFile(chartDir);
    const { parsed, findings: parseFindings } = parseYaml({ path: file, absPath: file, kind: 'yaml', text: chunk });
    for (const f of parseFindings) {
      findings.push({ ...f, line: 1, column: 1, rule: 'helm-output', message: `the output of ${file} under helm template is not valid YAML: ${f.message}` });
    }
    for (const doc of parsed.docs) {
      const body = doc.value;
      if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
      const obj = body as Record<string, unknown>;
      const kind = String(obj.kind ?? '');
      const namespace = objectField(obj.metadata, 'namespace');
      objects.push({
        apiVersion: String(obj.apiVersion ?? ''),
        kind,
        name: shownName(obj),
        ...(typeof namespace === 'string' ? { namespace } : {}),
        body: obj,
        source: { file, line: kindLine(index.text(file), kind), column: 1 },
      });
    }
  }
  return { objects, findings };
}

async function renderChart(helm: string, root: string, chartDir: string, kubeVersion: string, files: readonly SourceFile[], index: SourceIndex, parseFinding: ParseFindingOf): Promise<{ render?: Render; findings: Finding[] }> {
  // A values file or Chart.yaml that does not parse has its own finding; helm is not given it.
  const prefix = chartDir === '.' ? '' : `${chartDir}/`;
  const broken = files.find((f) => f.path.startsWith(prefix) && f.kind !== 'helm-template' && index.get(f.path)?.ok === false)?.path;
  if (broken) {
    // A consequence of the parse finding, folded under it (causes.ts): one mistake, one error.
    const cause = parseFinding(broken);
    return {
      findings: [
        {
          file: chartFile(chartDir),
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'helm-template',
          message: `helm template ${chartDir} not run: ${broken} does not parse (see its finding)`,
          ...(cause ? { causedBy: { file: cause.file, line: cause.line, rule: cause.rule } } : {}),
        },
      ],
    };
  }
  const home = await mkdtemp(join(tmpdir(), 'validate-helm-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      LANG: 'C.UTF-8',
    };
    const run = await runBounded(helm, ['template', RELEASE_NAME, join(root, chartDir), '--namespace', 'default', '--kube-version', kubeVersion], {
      memoryBytes: HELM_MEMORY_BYTES,
      env,
    });
    if (run.timedOut) {
      return {
        findings: [{ file: chartFile(chartDir), line: 1, column: 1, severity: 'error', rule: 'helm-template', message: `helm template ${chartDir} did not finish within ${RENDER_TIMEOUT_MS / 1000} s and was stopped` }],
      };
    }
    if (run.exitCode !== 0) return { findings: [errorFinding(chartDir, (run.stderr || `helm exited with ${run.exitCode}`).split(`${root}/`).join(''))] };
    const { objects, findings } = objectsOf(chartDir, run.stdout, index);
    return { render: { dir: chartDir, file: chartFile(chartDir), objects }, findings };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Renders every chart with helm, or says once that the charts are not rendered when helm is missing. */
/** The parse step's finding for a file that does not parse. */
export type ParseFindingOf = (path: string) => Finding | undefined;

export async function renderCharts(
  root: string,
  charts: string[],
  kubeVersion: string,
  files: readonly SourceFile[],
  index: SourceIndex,
  parseFinding: ParseFindingOf = () => undefined,
): Promise<HelmRenderResult> {
  if (charts.length === 0) return { renders: [], findings: [], skipped: [] };
  const helm = await findTool('helm');
  if (!helm) {
    const missing = missingTool('helm', 'helm');
    return {
      renders: [],
      findings: [],
      skipped: [
        {
          check: 'helm',
          reason: `Helm charts are not rendered (${charts.join(', ')}): ${missing.reason}; their templates/ are not read as manifests`,
          fix: missing.fix,
        },
      ],
    };
  }
  const outcomes = await mapLimit(charts, RENDER_CONCURRENCY, (dir) => renderChart(helm, root, dir, kubeVersion, files, index, parseFinding));
  return {
    renders: outcomes.flatMap((o) => (o.render ? [o.render] : [])),
    findings: outcomes.flatMap((o) => o.findings),
    skipped: [],
  };
}
