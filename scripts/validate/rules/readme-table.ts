// `npx tsx scripts/validate/rules/readme-table.ts`: rewrites the rule table of README.md (the
// table whose header starts `| rule | severity |`) from the rules' own declarations. Run it after
// adding or changing a rule; test/rules/readme.test.ts fails until the table matches.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleTableMarkdown } from './catalog.ts';

const readme = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md');
const lines = readFileSync(readme, 'utf8').split('\n');
const start = lines.findIndex((l) => l.startsWith('| rule | severity |'));
if (start < 0) {
  process.stderr.write(`${readme}: no rule table (a line starting "| rule | severity |") to rewrite\n`);
  process.exit(2);
}
let end = start;
while (lines[end + 1]?.startsWith('|')) end++;
lines.splice(start, end - start + 1, ...ruleTableMarkdown().split('\n'));
writeFileSync(readme, lines.join('\n'));
process.stdout.write(`README.md: rule table rewritten (${end - start - 1} rows before)\n`);
