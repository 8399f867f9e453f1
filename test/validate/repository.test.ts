// The repository's own files must pass the validator its CI runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPO, runCli } from './helpers.ts';

test('the repository itself validates clean', () => {
  const r = runCli(REPO, []);
  assert.equal(r.status, 0, `npm run validate found problems in the repository:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /^OK: /m);
});
