// `npm run build:jobs`: bundles each job into one self-contained ESM file under jobs/dist/
// (dependencies included), so the runtime image needs node and these files, nothing else.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./', import.meta.url));
const outdir = process.argv[2] ?? `${root}dist`;

await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    jobs: `${root}src/entry.ts`,
    producer: `${root}src/producer/main.ts`,
    metrics: `${root}src/metrics/main.ts`,
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // kafkajs and prom-client are CommonJS and call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.mjs')) process.stdout.write(`${file.replace(`${process.cwd()}/`, '')}  ${(bytes / 1024).toFixed(0)} KiB\n`);
}
