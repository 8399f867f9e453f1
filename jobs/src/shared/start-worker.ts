// Starts a worker thread on a module. Under tsx (the .ts sources) Node 20 does not carry the
// TypeScript loader into worker threads, so the worker first registers tsx's loader itself; the
// bundled image runs plain .mjs files and needs nothing of the kind.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, options);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
