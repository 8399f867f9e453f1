// npm run generate [-- --out DIR]: renders every generated file from scripts/environments.ts and writes
// it under the repository root (or DIR). Exit codes: 0 done, 2 usage or file-system error.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envNames, environments, local } from './environments.ts';
import { environmentProblems } from './generate/check-environments.ts';
import { renderAll } from './generate/index.ts';
import { writeGenerated } from './generate/write.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const usage = 'usage: npm run generate [-- --out DIR]\n  --out DIR  write under DIR instead of the repository root';

async function main(argv: string[]): Promise<number> {
  let out = repoRoot;
  try {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (values.out !== undefined) out = resolve(values.out);
  } catch (err) {
    console.error(`generate: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  const problems = environmentProblems(envNames.map((n) => environments[n]), local);
  if (problems.length) {
    for (const p of problems) console.error(`scripts/environments.ts: ${p}`);
    console.error(`generate: ${problems.length} problem(s) in scripts/environments.ts; nothing written`);
    return 2;
  }
  try {
    const report = await writeGenerated(out, renderAll());
    for (const p of report.written) console.log(`wrote      ${p}`);
    console.log(`generate: ${report.written.length} written, ${report.unchanged.length} unchanged under ${out}`);
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(`generate: cannot write under ${out}: ${e.code ?? ''} ${e.message}`.trim());
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
