// The validate benchmark: `npm run validate` as a whole process (start-up, module loading and the
// report included), in one run: cold and warm on this repository, a one-file path run, and the
// generated corpus of 10,000 Kubernetes objects in 1,000 files. Prints each figure against its
// target on the 2-core reference machine: warm repository run <= 3 s, one-file run <= 2 s, the
// validator process's peak RSS < 512 MB, corpus >= 12,000 objects/s; kubeconform -strict on the corpus when it is on the PATH.
//
// Run alone with `npx tsx scripts/bench/validate.ts [--runs N] [--keep] [--cli path/to/validate.ts]`;
// scripts/bench.ts calls runValidateBench(). The corpus is written to a fresh temporary directory and removed afterwards
// (--keep leaves it, for profiling by hand).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, FINDING_HEAVY_CORPUS, writeCorpus, type Corpus } from './validate-corpus.ts';
import { watchProcessTree, type TreeProcess } from './proc-usage.ts';
import { benchExitCode, summaryLines, target, type BenchOutcome, type BenchTarget } from './outcome.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What `npm run validate` runs (node scripts/run-validate.mjs: the built bundle, checked fresh). */
const DEFAULT_CLI = join(REPO, 'scripts', 'run-validate.mjs');

const TARGET_OBJECTS_PER_S = 12_000;
const TARGET_PEAK_MB = 512;
/** Issue 17: the finding-heavy corpus within this factor of the clean corpus's time. */
const TARGET_HEAVY_RATIO = 1.2;
const TARGET_WARM_REPO_S = 3;
const TARGET_ONE_FILE_S = 2;
/** The file of the one-file run: a base manifest, which the path run renders through the overlays that build on it. */
const ONE_FILE = 'base/kafka/statefulset.yaml';
const GNU_TIME = '/usr/bin/time';

/** The options `npm run validate` gives node (package.json), so that every run here is that command. */
function validateNodeOptions(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (manifest.scripts?.validate ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'scripts/run-validate.mjs') {
    throw new Error(`package.json's validate script is not \`node [options] scripts/run-validate.mjs\` (${manifest.scripts?.validate}); the benchmark cannot run what it runs`);
  }
  return words.slice(1, -1);
}
const VALIDATE_NODE_ARGS = validateNodeOptions();

/** The middle element of a sorted list (the lower of the two middle ones for an even length). */
const medianOf = <T>(sorted: readonly T[]): T => sorted[Math.floor((sorted.length - 1) / 2)]!;

export interface ValidateRun {
  wallMs: number;
  /** The validator's own process: what the peak RSS target is about. */
  peakRssMb: number;
  /** The largest other process of the run (a tool the validator started, or one of its children), if any. */
  largestTool: TreeProcess | null;
  /** User plus system CPU time of the process (every thread), when GNU time measured it; else NaN. */
  cpuMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How often the process tree is sampled: closely where the peak is the question (a cold run starts the tools). */
const SAMPLE_CLOSELY_MS = 20;
/**
 * Otherwise rarely: sampling reads /proc for every process on the machine, and at 20 ms that took
 * a timed run's CPU on this 2-core machine (a warm corpus run was 1.07x slower watched, 12 pairs).
 */
const SAMPLE_RARELY_MS = 250;

/**
 * Runs the validator in its own process with `cwd` as the repository root, as `npm run validate`
 * does (start-up and module loading count). A .ts entry runs through tsx's loader, as a developer
 * could run it. The validator's peak RSS is its /proc VmHWM, sampled every `sampleMs`; when no
 * other process was seen, GNU time's figure (the kernel's high-water mark at exit) is exactly the
 * validator's and is taken instead.
 */
export function runValidateProcess(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, cli = DEFAULT_CLI, sampleMs = SAMPLE_RARELY_MS): Promise<ValidateRun> {
  // Resolved here: a corpus outside the repository has no node_modules for `--import tsx` to find.
  const node = [process.execPath, ...VALIDATE_NODE_ARGS, ...(cli.endsWith('.mjs') ? [] : ['--import', import.meta.resolve('tsx')]), cli, ...args];
  const useTime = existsSync(GNU_TIME);
  const timeFile = useTime ? join(mkdtempSync(join(tmpdir(), 'validate-bench-time-')), 'rusage') : '';
  const argv = useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, ...node] : node;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...process.env, INIT_CWD: cwd, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const tree = watchProcessTree(child.pid!, sampleMs);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const processes = tree.stop();
      // The validator is the node process itself, or GNU time's child running it.
      const validatorCommand = node.join(' ');
      const validator = processes.find((p) => p.command === validatorCommand && (useTime ? p.parent === child.pid : p.pid === child.pid));
      const largestTool = processes.find((p) => p !== validator && p.pid !== child.pid && p.command !== validatorCommand) ?? null;
      let cpuMs = Number.NaN;
      let treePeakMb = Number.NaN;
      if (useTime) {
        // GNU time prints "Command exited with non-zero status N" before the figures when the run fails.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const [maxKb, user, sys] = lines[lines.length - 1]!.split(' ').map(Number);
        cpuMs = (user! + sys!) * 1000;
        treePeakMb = maxKb! / 1024;
        rmSync(dirname(timeFile), { recursive: true, force: true });
      }
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (!validator) return reject(new Error(`the validator's process (${validatorCommand}) was never seen in /proc`));
      // GNU time's figure is the largest waited-for process: the validator's own when it was alone.
      const alone = largestTool === null && !Number.isNaN(treePeakMb);
      resolve({ wallMs, peakRssMb: alone ? Math.max(treePeakMb, validator.peakRssMb) : validator.peakRssMb, largestTool, cpuMs, exitCode: code ?? -1, stdout, stderr });
    });
  });
}

/** The parts of the `--format json` report (scripts/validate/report/json.ts) read here. */
interface JsonReport {
  summary: { files: number; objects: number; elapsedMs: number };
  findings: Array<{ file: string; line: number; rule: string; severity: string; message: string }>;
  skipped: Array<{ check: string }>;
  checks: Array<{ id: string; elapsedMs: number }>;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The largest process besides the validator, named, with the share of its pages mapped from files. */
function toolLine(run: ValidateRun): string {
  const tool = run.largestTool;
  if (!tool) return '';
  const program = basename(tool.command.split(' ')[0] ?? '');
  return `; largest other process ${program} ${fmt(tool.peakRssMb)} MB (${fmt(tool.fileRssMb)} MB of it mapped from files)`;
}

const line = (text = ''): void => void process.stdout.write(`${text}\n`);

/** Every deliberate mistake found, in its file, by its rule; and every finding that is not one of them. */
function compareFindings(corpus: Corpus, report: JsonReport): { missed: string[]; unexpected: string[] } {
  const expected = new Set(corpus.mistakes.map((m) => `${m.file} ${m.rule}`));
  const found = new Set(report.findings.map((f) => `${f.file} ${f.rule}`));
  return {
    missed: corpus.mistakes.filter((m) => !found.has(`${m.file} ${m.rule}`)).map((m) => `${m.file}: ${m.rule} (${m.what})`),
    unexpected: report.findings.filter((f) => !expected.has(`${f.file} ${f.rule}`)).map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`),
  };
}

/** kubeconform -strict over the corpus, as the fastest strict schema validator, when it is installed. */
async function kubeconformReference(dir: string, objects: number): Promise<void> {
  const which = spawnSync('sh', ['-c', 'command -v kubeconform'], { encoding: 'utf8' });
  const kubeconform = which.status === 0 ? which.stdout.trim() : '';
  if (!kubeconform) return;
  const start = performance.now();
  const run = spawnSync(kubeconform, ['-strict', '-summary', '-skip', 'CustomResourceDefinition', dir], { encoding: 'utf8', timeout: 600_000 });
  const seconds = (performance.now() - start) / 1000;
  line(`  reference: kubeconform -strict (${kubeconform}): ${fmt(seconds, 2)} s, ${fmt(objects / seconds)} objects/s (exit ${run.status})`);
}

/** Cold and warm runs of `npm run validate` on this repository, and a one-file path run, against their targets. */
async function repositoryRuns(runs: number, base: string): Promise<boolean> {
  const env = { TMPDIR: join(base, 'repo-tmp'), XDG_CACHE_HOME: join(base, 'repo-cache') };
  mkdirSync(env.TMPDIR);
  line(`validate on this repository (${REPO}): node ${[...VALIDATE_NODE_ARGS, 'scripts/run-validate.mjs'].join(' ')} --format json`);
  const cold = await runValidateProcess(REPO, ['--format', 'json'], env, DEFAULT_CLI, SAMPLE_CLOSELY_MS);
  const warm: ValidateRun[] = [];
  for (let i = 0; i < runs; i++) warm.push(await runValidateProcess(REPO, ['--format', 'json'], env));
  const oneFile: ValidateRun[] = [];
  for (let i = 0; i < runs; i++) oneFile.push(await runValidateProcess(REPO, [ONE_FILE, '--format', 'json'], env));
  const failed = [cold, ...warm, ...oneFile].find((r) => r.exitCode > 1);
  if (failed) {
    line(`  validate failed with exit code ${failed.exitCode}:\n${failed.stderr}`);
    return false;
  }
  const median = (rs: ValidateRun[]): ValidateRun => medianOf([...rs].sort((a, b) => a.wallMs - b.wallMs));
  const show = (label: string, r: ValidateRun, target?: number): boolean => {
    const ok = target === undefined || r.wallMs / 1000 <= target;
    const verdict = target === undefined ? '' : `  target <= ${target} s: ${ok ? 'MET' : 'NOT MET'}`;
    line(`  ${label.padEnd(34)} ${fmt(r.wallMs / 1000, 2)} s  peak RSS ${fmt(r.peakRssMb)} MB${verdict}${toolLine(r)}`);
    return ok;
  };
  show('cold (caches empty)', cold);
  const warmOk = show(`warm (median of ${runs})`, median(warm), TARGET_WARM_REPO_S);
  const oneOk = show(`one file: ${ONE_FILE} (median of ${runs})`, median(oneFile), TARGET_ONE_FILE_S);
  const slowest = (JSON.parse(median(warm).stdout) as JsonReport).checks.sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
  line(`  warm run, in-process time by check: ${slowest.map((c) => `${c.id} ${fmt(c.elapsedMs)} ms`).join(', ')}`);
  const peak = Math.max(...[cold, ...warm, ...oneFile].map((r) => r.peakRssMb));
  const rssOk = peak < TARGET_PEAK_MB;
  line(`  validator's peak RSS ${fmt(peak)} MB, target < ${TARGET_PEAK_MB} MB: ${rssOk ? 'MET' : 'NOT MET'}`);
  return warmOk && oneOk && rssOk;
}

export interface ValidateBenchOptions {
  /** Timed runs after the first (cold: no prebuilt validator, no cached schema bundle, no tsx cache) one; the best and the median are reported. */
  runs?: number;
  keep?: boolean;
  /** The validator to run (default scripts/validate.ts of this checkout, as `npm run validate`), e.g. an older checkout's, to compare. */
  cli?: string;
}

/** The targets as data (scripts/bench/outcome.ts); npm run bench decides the exit code. */
export async function runValidateBench(opts: ValidateBenchOptions = {}): Promise<BenchOutcome> {
  const failures: string[] = [];
  const runs = Math.max(1, opts.runs ?? 5);
  const cli = opts.cli ?? DEFAULT_CLI;
  const base = mkdtempSync(join(tmpdir(), 'validate-bench-'));
  // The validator's private cache, so the first run is cold without touching the checkout's.
  const cache = join(base, 'cache');
  const dir = join(base, 'corpus');
  mkdirSync(dir);
  try {
    line(`  machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => fmt(l, 2)).join(' ')} at start`);
    if (!(await repositoryRuns(runs, base))) process.exitCode = 1;
    const corpus = writeCorpus(dir, DEFAULT_CORPUS);
    const kinds = [...corpus.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${fmt(n)}`);
    line(`validate benchmark: ${fmt(corpus.objects)} Kubernetes objects in ${fmt(corpus.files)} files (${dir})`);
    line(`  kinds: ${kinds.join(', ')}`);
    line(`  deliberate mistakes: ${corpus.mistakes.length} files with one each (${[...new Set(corpus.mistakes.map((m) => m.rule))].join(', ')})`);
    // The machine is shared: a busy one slows every figure, so say how busy it was.
    line(`  machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => fmt(l, 2)).join(' ')} at start`);
    const shown = cli === DEFAULT_CLI ? `${cli} (what npm run validate runs)` : cli;
    line(`  command: node ${[...VALIDATE_NODE_ARGS, ...(cli.endsWith('.ts') ? ['--import tsx'] : [])].join(' ')} ${shown} --format json (cwd: the corpus), strict, every check`);

    // The first run builds the validator and bundles the schemas of the corpus's kinds (and, through
    // tsx, transpiles); later runs are what a developer or a CI job with a warm cache sees. Private
    // caches make the first run cold without touching the ones the checkout and the machine share:
    // the validator's (`cache`), and tsx's under TMPDIR.
    const env = { TMPDIR: join(base, 'tmp'), XDG_CACHE_HOME: cache };
    mkdirSync(env.TMPDIR);
    // Issue 17: the cost of a finding must be constant, so the same 10,000 objects with thousands of
    // policy findings must take about as long as the clean corpus. Their warm runs alternate (clean,
    // finding-heavy, clean, ...) and the ratio is taken pair by pair: this VM's speed drifts by 10-15%
    // over minutes, and two series measured one after the other compared the drift, not the corpora.
    const heavyDir = join(base, 'finding-heavy');
    mkdirSync(heavyDir);
    const heavy = writeCorpus(heavyDir, FINDING_HEAVY_CORPUS);
    const results: Array<{ label: string; run: ValidateRun }> = [];
    const heavyRuns: ValidateRun[] = [];
    results.push({ label: 'cold (caches empty)', run: await runValidateProcess(dir, ['--format', 'json'], env, cli) });
    await runValidateProcess(heavyDir, ['--format', 'json'], env, cli);
    for (let i = 0; i < runs; i++) {
      results.push({ label: `warm #${i + 1}`, run: await runValidateProcess(dir, ['--format', 'json'], env, cli) });
      heavyRuns.push(await runValidateProcess(heavyDir, ['--format', 'json'], env, cli));
    }

    let report: JsonReport | null = null;
    for (const { label, run } of results) {
      if (run.exitCode > 1) {
        line(`  ${label}: validate failed with exit code ${run.exitCode}:\n${run.stderr}`);
        return { benchmark: 'validate', targets: [], failures: [`${label}: validate exited with ${run.exitCode}`] };
      }
      report ??= JSON.parse(run.stdout) as JsonReport;
      const rate = corpus.objects / (run.wallMs / 1000);
      const cpu = Number.isNaN(run.cpuMs) ? '' : `  (CPU ${fmt(run.cpuMs / 1000, 2)} s)`;
      line(`  ${label.padEnd(24)} ${fmt(run.wallMs / 1000, 2)} s  ${fmt(rate)} objects/s  peak RSS ${fmt(run.peakRssMb)} MB${cpu}`);
    }
    const r = report!;
    const warm = results
      .slice(1)
      .map((x) => x.run)
      .sort((a, b) => a.wallMs - b.wallMs);
    const best = warm[0]!;
    const median = medianOf(warm);
    const peak = Math.max(...results.map((x) => x.run.peakRssMb));
    const rate = corpus.objects / (best.wallMs / 1000);
    const medianRate = corpus.objects / (median.wallMs / 1000);
    const { missed, unexpected } = compareFindings(corpus, r);
    line(`  validated: ${fmt(r.summary.files)} files, ${fmt(r.summary.objects)} objects; ${r.findings.length} findings (${corpus.mistakes.length} mistakes planted, ${missed.length} missed, ${unexpected.length} unexpected)`);
    for (const m of missed) line(`    missed: ${m}`);
    for (const u of unexpected.slice(0, 10)) line(`    unexpected: ${u}`);
    if (r.skipped.length) line(`  checks that did not run: ${r.skipped.map((s) => s.check).join(', ')}`);
    const slowest = [...r.checks].sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
    line(`  in-process time by check (cold run, ${fmt(r.summary.elapsedMs)} ms in all): ${slowest.map((c) => `${c.id} ${fmt(c.elapsedMs)} ms`).join(', ')}`);
    const targets: BenchTarget[] = [target('best warm run', rate, 'objects/s', '>=', TARGET_OBJECTS_PER_S), target('peak RSS', peak, 'MB', '<', TARGET_PEAK_MB)];
    const ok = targets.every((t) => t.met);
    line(`  result: best warm run ${fmt(rate)} objects/s (median ${fmt(medianRate)}), peak RSS ${fmt(peak)} MB; target >= ${fmt(TARGET_OBJECTS_PER_S)} objects/s and < ${TARGET_PEAK_MB} MB: ${ok ? 'MET' : 'NOT MET'}`);
    await kubeconformReference(dir, corpus.objects);

    line(`finding-heavy corpus: ${fmt(heavy.objects)} objects in ${fmt(heavy.files)} files, no PodDisruptionBudgets, workloads without probes or resources (${heavyDir}); its warm runs alternated with the clean corpus's above`);
    const failedHeavy = heavyRuns.find((run) => run.exitCode > 1);
    if (failedHeavy) {
      line(`  finding-heavy: validate failed with exit code ${failedHeavy.exitCode}:\n${failedHeavy.stderr}`);
      return { benchmark: 'validate', targets, failures: [...failures, `finding-heavy: validate exited with ${failedHeavy.exitCode}`] };
    }
    const heavyReport = JSON.parse(heavyRuns[0]!.stdout) as JsonReport;
    const byRule = new Map<string, number>();
    for (const f of heavyReport.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    for (const [i, run] of heavyRuns.entries()) {
      const cpu = Number.isNaN(run.cpuMs) ? '' : `  (CPU ${fmt(run.cpuMs / 1000, 2)} s)`;
      line(`  warm #${i + 1}                  ${fmt(run.wallMs / 1000, 2)} s  ${fmt(heavy.objects / (run.wallMs / 1000))} objects/s  peak RSS ${fmt(run.peakRssMb)} MB${cpu}`);
    }
    line(`  findings: ${fmt(heavyReport.findings.length)} (${[...byRule.entries()].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${fmt(n)}`).join(', ')})`);
    const ratios = heavyRuns.map((run, i) => run.wallMs / results[i + 1]!.run.wallMs).sort((a, b) => a - b);
    const ratio = medianOf(ratios);
    line(`  finding-heavy / clean, pair by pair: ${ratios.map((r) => fmt(r, 2)).join(', ')}; median ${fmt(ratio, 2)} (target <= ${TARGET_HEAVY_RATIO})`);
    targets.push(target('finding-heavy / clean corpus time', ratio, 'x', '<=', TARGET_HEAVY_RATIO));
    if (heavyReport.findings.length < heavy.objects / 10) failures.push(`the finding-heavy corpus gave only ${heavyReport.findings.length} findings: its policy gaps were not found`);
    await kubeconformReference(heavyDir, heavy.objects);

    if (missed.length) failures.push(`${missed.length} planted mistakes not reported`);
    if (unexpected.length) failures.push(`${unexpected.length} findings where no mistake was planted`);
    return { benchmark: 'validate', targets, failures };
  } finally {
    rmSync(cache, { recursive: true, force: true });
    if (opts.keep) line(`  corpus kept at ${dir}`);
    else rmSync(base, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false }, cli: { type: 'string' } } });
  const outcome = await runValidateBench({ runs: Number(values.runs), keep: values.keep, ...(values.cli ? { cli: values.cli } : {}) });
  for (const l of summaryLines([outcome])) line(l);
  process.exitCode = benchExitCode([outcome]);
}
