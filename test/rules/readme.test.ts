import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES, ruleTableMarkdown } from '../../scripts/validate/rules/index.ts';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

test('the README lists every cross-check rule with its severity and description', () => {
  const missing = ruleTableMarkdown()
    .split('\n')
    .filter((row) => !readme.includes(row));
  assert.deepEqual(missing, [], 'run: npx tsx scripts/validate/rules/readme-table.ts');
  assert.ok(RULES.length > 0);
});
