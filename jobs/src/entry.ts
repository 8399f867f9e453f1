// The container image's entrypoint: `docker run IMAGE producer [flags]`, `docker run IMAGE metrics`,
// and `healthcheck` for the image's HEALTHCHECK. Each job is its own bundle next to this file.
const JOBS = ['producer', 'metrics'] as const;
const job = process.argv[2];

async function healthcheck(): Promise<number> {
  // Whichever job runs answers /healthz: the metrics app on PORT, the producer on METRICS_PORT.
  const ports = [process.env.PORT || '8000', process.env.METRICS_PORT || '9464'];
  for (const port of ports) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.ok, () => false);
    if (ok) return 0;
  }
  process.stderr.write(`healthcheck: no /healthz answered on ports ${ports.join(', ')}\n`);
  return 1;
}

if (job === 'healthcheck') {
  process.exitCode = await healthcheck();
} else if ((JOBS as readonly string[]).includes(job ?? '')) {
  // The job reads its flags from process.argv.slice(2): drop the job name first.
  process.argv.splice(2, 1);
  await import(new URL(`./${job}.mjs`, import.meta.url).href);
} else {
  process.stderr.write(`usage: IMAGE producer [flags] | IMAGE metrics | IMAGE healthcheck\n(got ${job === undefined ? 'no job' : `'${job}'`})\n`);
  process.exitCode = 2;
}
