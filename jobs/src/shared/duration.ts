// Durations on the command line and in env vars: "30s", "5m", "1h", "250ms" or bare seconds.
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds for `text`, or null when it is not a duration. */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(value * (UNITS[unit] ?? 1_000));
}
