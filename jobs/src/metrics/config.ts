// The metrics app's settings, from the environment (the container's way) with defaults.
import { parseDurationMs } from '../shared/duration.ts';

export interface MetricsAppConfig {
  port: number;
  host: string;
  /** Requests per second the built-in traffic simulator sends to the app's own API; 0 = off. */
  simulatedRps: number;
  /** How long /readyz reports not-ready before the server stops accepting, on shutdown. */
  shutdownDelayMs: number;
}

export class MetricsConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export function parseMetricsConfig(env: NodeJS.ProcessEnv): MetricsAppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      problems.push(`${name}: '${text}' is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(text);
  };
  const port = integer('PORT', 8000, 0, 65535);
  const simulatedRps = integer('SIMULATED_RPS', 5, 0, 10_000);
  const delayText = env.SHUTDOWN_DELAY?.trim() || '0s';
  const shutdownDelayMs = parseDurationMs(delayText);
  if (shutdownDelayMs === null) problems.push(`SHUTDOWN_DELAY: '${delayText}' is not a duration; write e.g. 5s or 500ms`);
  if (problems.length > 0) throw new MetricsConfigError(problems);
  return { port, host: env.HOST?.trim() || '0.0.0.0', simulatedRps, shutdownDelayMs: shutdownDelayMs ?? 0 };
}
