// Prometheus and Alertmanager start the same way: a binary on a loopback port with a private data
// directory, ready when /-/ready answers. One launcher for both, bounded in time, that stops the
// process and removes the directory on every way out.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `binary` with `args`, listening on 127.0.0.1:`port`; resolves once /-/ready answers, within 30 s. */
export async function startServerProcess(name: string, binary: string, args: readonly string[], port: number, dataDir: string): Promise<ServerProcess> {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited with ${child.exitCode}: ${stderr}`);
    }
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not ready within 30 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop };
}
