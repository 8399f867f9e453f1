// One place that turns SIGINT/SIGTERM into a single graceful stop; a second signal forces exit,
// so an operator is never stuck behind a flush that cannot finish.
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void, forcedExitCode = 130): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`received ${signal} again; exiting without waiting\n`);
      process.exit(forcedExitCode);
    }
    stopping = true;
    stop(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
