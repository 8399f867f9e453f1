// Runs `npm run producer` once (as node + tsx, no npm wrapper) and reads its closing summary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ProducerRun {
  topic: string;
  acknowledged: number;
  bytes: number;
  /** From reaching the brokers to the last acknowledgement, as the producer measured it. */
  seconds: number;
  cpuPercent: number;
  exitCode: number | null;
}

export async function runProducerOnce(options: { brokers: string; topic: string; args: string[] }): Promise<ProducerRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/src/producer/main.ts', '--brokers', options.brokers, '--topic', options.topic, '--metrics-port', '0', ...options.args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const summary = /acknowledged (\d+) of \d+ messages \(([\d.]+) MB\) in ([\d.]+) s .*cpu [\d.]+ s \(([\d.]+)% of one core\)/.exec(stdout.replace(/\n/g, ' '));
  if (!summary) throw new Error(`the producer printed no summary (exit ${exitCode}):\n${stdout}`);
  return {
    topic: options.topic,
    acknowledged: Number(summary[1]),
    bytes: Number(summary[2]) * 1e6,
    seconds: Number(summary[3]),
    cpuPercent: Number(summary[4]),
    exitCode,
  };
}
