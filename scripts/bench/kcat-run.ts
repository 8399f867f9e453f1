// The reference: kcat (librdkafka) producing the very records our generator makes, from a file,
// with acks=all and no compression, timed from start to exit (kcat exits after delivery reports).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogRecordGenerator } from '../../jobs/src/producer/records.ts';

export interface KcatRun {
  topic: string;
  bytes: number;
  seconds: number;
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
    const child = spawn(options.kcat, ['-P', '-b', options.brokers, '-t', options.topic, '-K', '\t', '-l', '-X', 'acks=all', '-X', 'compression.codec=none', '-X', 'linger.ms=5', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (exitCode !== 0) process.stderr.write(`kcat exited ${exitCode}: ${stderr}\n`);
    return { topic: options.topic, bytes, seconds, exitCode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
