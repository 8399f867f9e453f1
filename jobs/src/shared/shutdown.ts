// One place that turns SIGINT/SIGTERM into a single graceful stop; a second signal forces exit,
// so an operator is never stuck behind a flush that cannot finish.
// A second signal within the first second does not count: Ctrl-C under `npm run` reaches the job
// twice, once from the terminal and once forwarded by npm.
const REPEAT_WINDOW_MS = 1_000;

export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void, forcedExitCode = 130): void {
  let stoppingSince: number | null = null;
  const handler = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== null) {
      if (performance.now() - stoppingSince < REPEAT_WINDOW_MS) return;
      process.stderr.write(`received ${signal} again; exiting without waiting\n`);
      process.exit(forcedExitCode);
    }
    stoppingSince = performance.now();
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
