import { validate } from './registry.ts';
const t = performance.now();
const r = await validate({ root: '/tmp/corpus', paths: [], fileChecks: [] });
const ms = performance.now() - t;
console.log(Math.round(ms), r.checks.map((c) => `${c.id}=${Math.round(c.elapsedMs)}`).join(' '), r.objects, Math.round(r.objects / ms * 1000), 'obj/s', Math.round(process.memoryUsage().rss / 1e6), 'MB', r.findings.length);
