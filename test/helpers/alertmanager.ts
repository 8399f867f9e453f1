// A real Alertmanager (Debian's prometheus-alertmanager) for tests: one instance on free loopback ports with the
// given config file, clustering off, and its v2 API.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from './ports.ts';
import { startServerProcess } from './prometheus-family.ts';
import { requireTool } from './tools.ts';

/** An alert as GET /api/v2/alerts returns it (the fields the tests read). */
export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] };
  receivers: { name: string }[];
}

export interface AlertmanagerServer {
  url: string;
  /** Alerts Alertmanager holds right now (resolved ones are gone), optionally filtered by label matchers. */
  alerts(matchers?: string[]): Promise<AmAlert[]>;
  stop(): Promise<void>;
}

/** Starts Alertmanager on `configFile`, or returns null after marking the test skipped (outside CI) when absent. */
export async function startAlertmanager(t: TestContext, configFile: string): Promise<AlertmanagerServer | null> {
  const binary = await requireTool(t, 'prometheus-alertmanager');
  if (!binary) return null;
  const dir = await mkdtemp(join(tmpdir(), 'alertmanager-test-'));
  const port = await freePort();
  const { url, stop } = await startServerProcess('alertmanager', binary, [
    `--config.file=${configFile}`,
    `--storage.path=${dir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ], port, dir);
  const alerts: AlertmanagerServer['alerts'] = async (matchers = []) => {
    const query = matchers.map((m) => `filter=${encodeURIComponent(m)}`).join('&');
    const res = await fetch(`${url}/api/v2/alerts?${query}`);
    if (!res.ok) throw new Error(`GET /api/v2/alerts answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as AmAlert[];
  };
  return { url, alerts, stop };
}
