// The reference: kcat (librdkafka) producing the very records our generator makes, from a file,
// with acks=all, idempotence on and no compression, timed from start to exit (kcat exits after
// delivery reports), its CPU and peak RSS read from /proc.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogRecordGenerator } from '../../jobs/src/producer/records.ts';
import { watchProcess, type ProcessUsage } from './proc-usage.ts';

export interface KcatRun {
  topic: string;
  bytes: number;
  seconds: number;
  usage: ProcessUsage;
  exitCode: number | null;
}

/** Writes `count` records as `key<TAB>json` lines; returns the value bytes written. */
async function writeRecords(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  const generator = new LogRecordGenerator({ seed: 7 });
  const tab = Buffer.from('\t');
  const newline = Buffer.from('\n');
  let bytes = 0;
  for (let done = 0; done < count; ) {
    const { messages } = generator.batch(Math.min(10_000, count - done));
    const parts: Buffer[] = [];
    for (const { key, value } of messages) parts.push(key, tab, value, newline);
    bytes += messages.reduce((sum, m) => sum + m.value.length, 0);
    if (!out.write(Buffer.concat(parts))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    done += messages.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return bytes;
}

export async function runKcatReference(options: { kcat: string; brokers: string; topic: string; count: number }): Promise<KcatRun> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-kcat-'));
  try {
    const file = join(dir, 'records.tsv');
    const bytes = await writeRecords(file, options.count);
    const started = performance.now();
    const child = spawn(options.kcat, ['-P', '-b', options.brokers, '-t', options.topic, '-K', '\t', '-l', '-X', 'acks=all', '-X', 'enable.idempotence=true', '-X', 'compression.codec=none', '-X', 'linger.ms=5', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const watch = watchProcess(child.pid!);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let usage: ProcessUsage | undefined;
    child.once('exit', () => (usage = watch.stop()));
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
    usage ??= watch.stop();
    const seconds = (performance.now() - started) / 1000;
    if (exitCode !== 0) process.stderr.write(`kcat exited ${exitCode}: ${stderr}\n`);
    return { topic: options.topic, bytes, seconds, usage, exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
