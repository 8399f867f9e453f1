// A real Prometheus server for tests: started on a free port with a scrape config of the kind
// `npm run generate` writes (static targets, one job per service), and its HTTP query API.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from './ports.ts';
import { startServerProcess } from './prometheus-family.ts';
import { requireTool } from './tools.ts';

/** An alert as GET /api/v1/alerts returns it. */
export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

/** A scrape target as GET /api/v1/targets returns it. */
export interface PromTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface PrometheusServer {
  url: string;
  /** The alerts pending or firing now. */
  alerts(): Promise<PromAlert[]>;
  /** The active scrape targets. */
  targets(): Promise<PromTarget[]>;
  /** Runs an instant query; returns the result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls `promql` until it returns a sample for which `accept` is true. */
  waitFor(promql: string, accept: (value: number) => boolean, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface ScrapeJob {
  job: string;
  targets: string[];
}


/** The scrape configuration as YAML (JSON is YAML): a global interval and static targets. */
export function scrapeConfig(jobs: readonly ScrapeJob[], intervalSeconds = 1): string {
  return JSON.stringify(
    {
      global: { scrape_interval: `${intervalSeconds}s`, evaluation_interval: `${intervalSeconds}s` },
      scrape_configs: jobs.map(({ job, targets }) => ({ job_name: job, metrics_path: '/metrics', static_configs: [{ targets }] })),
    },
    null,
    2,
  );
}

/** Starts Prometheus, or returns null after marking the test skipped (outside CI) when absent. */
export async function startPrometheus(t: TestContext, jobs: readonly ScrapeJob[]): Promise<PrometheusServer | null> {
  const binary = await requireTool(t, 'prometheus');
  if (!binary) return null;
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-test-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, scrapeConfig(jobs));
  return launchPrometheus(binary, configFile, await freePort(), dir);
}

/**
 * Starts Prometheus on a config file the caller wrote (which may name `port` as Prometheus's own target), or
 * returns null after marking the test skipped (outside CI) when absent. The TSDB goes to a temporary directory.
 */
export async function startPrometheusWithConfig(t: TestContext, configFile: string, port: number): Promise<PrometheusServer | null> {
  const binary = await requireTool(t, 'prometheus');
  if (!binary) return null;
  return launchPrometheus(binary, configFile, port, await mkdtemp(join(tmpdir(), 'prometheus-test-')));
}

async function launchPrometheus(binary: string, configFile: string, port: number, dir: string): Promise<PrometheusServer> {
  const { url, stop } = await startServerProcess('prometheus', binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], port, dir);

  const query: PrometheusServer['query'] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success' || !body.data) throw new Error(`query ${promql} failed: ${body.error ?? res.status}`);
    return body.data.result;
  };
  const waitFor: PrometheusServer['waitFor'] = async (promql, accept, timeoutMs = 30_000) => {
    const until = Date.now() + timeoutMs;
    let last = 'no result';
    while (Date.now() < until) {
      const result = await query(promql);
      const sample = result[0];
      if (sample) {
        const value = Number(sample.value[1]);
        if (accept(value)) return value;
        last = String(value);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${promql} did not reach the expected value within ${timeoutMs} ms (last: ${last})`);
  };
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; error?: string; data?: T };
    if (body.status !== 'success' || !body.data) throw new Error(`GET ${path} failed: ${body.error ?? res.status}`);
    return body.data;
  };
  const alerts = async (): Promise<PromAlert[]> => (await api<{ alerts: PromAlert[] }>('/api/v1/alerts')).alerts;
  const targets = async (): Promise<PromTarget[]> => (await api<{ activeTargets: PromTarget[] }>('/api/v1/targets?state=active')).activeTargets;
  return { url, query, waitFor, alerts, targets, stop };
}
