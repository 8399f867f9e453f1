// Parsing a large tree on every core: reading YAML is most of the cost of validating many
// manifests, and it is independent per file. The main thread and (cores - 1) workers claim files from
// one shared counter, so a core slowed by other work simply claims fewer. Small trees are parsed on
// the main thread alone: starting a worker costs more than it saves below a few megabytes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { bundleFile } from './bundle.ts';
import { type FastRead, fastRead } from './fast-read.ts';
import type { WorkerData, WorkerResult } from './parse-worker.ts';
import { lazyFile, parseFile, type ParsedFile, parseYaml } from './parse.ts';
import type { Finding, SourceFile } from './types.ts';

export interface ParallelOptions {
  /** YAML bytes below which everything is parsed on the main thread. */
  minBytes: number;
  /** Worker threads beside the main thread. */
  workers: number;
}

export const DEFAULT_PARALLEL: ParallelOptions = { minBytes: 2 * 1024 * 1024, workers: Math.max(0, availableParallelism() - 1) };

/** Readings per message from a worker. */
const POST_EVERY = 20;

let program: Promise<string | null> | null = null;

/**
 * The worker's program, parse-worker.ts, as one script. Worker threads do not inherit tsx's loader,
 * and registering it in a worker costs about a quarter of a second (a loader thread of its own),
 * more than the worker saves on most trees; esbuild bundles the worker with js-yaml in about 15 ms,
 * in its own process. Null when esbuild cannot run: the main thread then reads everything.
 */
export function workerProgram(): Promise<string | null> {
  program ??= bundleFile(fileURLToPath(new URL('./parse-worker.ts', import.meta.url)));
  return program;
}

async function startWorker(data: WorkerData): Promise<WorkerResult> {
  const code = await workerProgram();
  if (!code) return [];
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(code, { eval: true, workerData: data });
    } catch {
      resolve([]);
      return;
    }
    const result: WorkerResult = [];
    worker.on('message', (r: WorkerResult) => {
      for (const entry of r) result.push(entry);
    });
    // A worker that fails loses only the files it claimed and did not post: the main thread parses whatever has no result.
    worker.once('error', () => resolve(result));
    worker.once('exit', () => resolve(result));
  });
}

/**
 * The reading of each text (index-aligned; undefined only if a worker failed), by `workers`
 * worker threads and, unless `mainThread` is false, this thread too. `meanwhile` (work of this
 * thread that mostly waits, such as loading modules) starts once the workers have been asked for,
 * so they are not queued behind it; while it is pending, this thread lets it run between two texts,
 * so the waits are spent reading.
 */
export async function readTexts(
  texts: string[],
  workers: number,
  mainThread = true,
  startMeanwhile?: () => Promise<unknown>,
): Promise<Array<FastRead | null | undefined>> {
  const reads = new Array<FastRead | null | undefined>(texts.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const running = Array.from({ length: workers }, () => startWorker({ texts, next, postEvery: POST_EVERY }));
  const meanwhile = startMeanwhile?.();
  let waiting = meanwhile !== undefined;
  void meanwhile?.finally(() => {
    waiting = false;
  });
  if (mainThread) {
    for (let i = Atomics.add(next, 0, 1); i < texts.length; i = Atomics.add(next, 0, 1)) {
      reads[i] = fastRead(texts[i]!);
      if (waiting) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await meanwhile;
  for (const result of await Promise.all(running)) for (const [i, read] of result) reads[i] = read;
  return reads;
}

/**
 * The same as parseFiles (same map order, same findings), with the YAML files read on every core.
 * `meanwhile` starts work of this thread that runs between files (see readTexts), or before them without workers.
 */
export async function parseFilesInParallel(
  files: SourceFile[],
  opts: ParallelOptions = DEFAULT_PARALLEL,
  meanwhile?: () => Promise<unknown>,
): Promise<{ parsed: Map<string, ParsedFile>; findings: Finding[] }> {
  const yaml = files.filter((f) => f.kind === 'yaml');
  const bytes = yaml.reduce((n, f) => n + f.text.length, 0);
  const reads = new Map<SourceFile, FastRead | null | undefined>();
  if (opts.workers > 0 && bytes >= opts.minBytes) {
    const texts = await readTexts(
      yaml.map((f) => f.text),
      opts.workers,
      true,
      meanwhile,
    );
    yaml.forEach((f, i) => reads.set(f, texts[i]));
  } else await meanwhile?.();
  const parsed = new Map<string, ParsedFile>();
  const findings: Finding[] = [];
  for (const file of files) {
    if (file.kind !== 'yaml' && file.kind !== 'json') continue;
    const read = reads.get(file);
    // null: js-yaml rejected it, so the slow parser says where; undefined: not read (small tree, JSON, a failed worker).
    const r = read ? { parsed: lazyFile(file, read.values, read.starts), findings: [] } : read === null ? parseYaml(file) : parseFile(file);
    parsed.set(file.path, r.parsed);
    findings.push(...r.findings);
  }
  return { parsed, findings };
}
