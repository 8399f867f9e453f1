// Runs `npm run producer` once (as node + tsx, no npm wrapper) and reads its closing summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { watchProcess, type ProcessUsage } from './proc-usage.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ProducerRun {
  topic: string;
  acknowledged: number;
  bytes: number;
  /** From reaching the brokers to the last acknowledgement, as the producer measured it. */
  seconds: number;
  cpuPercent: number;
  /** The whole process, start to exit: CPU seconds and peak RSS. */
  usage: ProcessUsage;
  exitCode: number | null;
}

export async function runProducerOnce(options: { brokers: string; topic: string; args: string[] }): Promise<ProducerRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/src/producer/main.ts', '--brokers', options.brokers, '--topic', options.topic, '--metrics-port', '0', ...options.args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const watch = watchProcess(child.pid!);
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  let usage: ProcessUsage | undefined;
  child.once('exit', () => (usage = watch.stop()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  usage ??= watch.stop();
  const summary = /acknowledged (\d+) of \d+ messages \(([\d.]+) MB\) in ([\d.]+) s .*cpu [\d.]+ s \(([\d.]+)% of one core\)/.exec(stdout.replace(/\n/g, ' '));
  if (!summary) throw new Error(`the producer printed no summary (exit ${exitCode}):\n${stdout}`);
  return {
    topic: options.topic,
    acknowledged: Number(summary[1]),
    bytes: Number(summary[2]) * 1e6,
    seconds: Number(summary[3]),
    cpuPercent: Number(summary[4]),
    usage,
    exitCode,
  };
}
