// A negative number after a flag is that flag's value, so the job's own check explains what is
// wrong with it instead of Node's "argument is ambiguous".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { joinNegativeValues, parseArgsWithNegatives } from '../../jobs/src/shared/parse-args.ts';
import { PRODUCER, runJob } from './run-job.ts';

const options = { rate: { type: 'string', short: 'r' }, tls: { type: 'boolean' } } as const;

test('a negative number after a string option becomes its value', () => {
  assert.deepEqual(joinNegativeValues(['--rate', '-3'], options), ['--rate=-3']);
  assert.deepEqual(joinNegativeValues(['-r', '-0.5'], options), ['-r-0.5']);
  assert.equal(parseArgsWithNegatives({ args: ['--rate', '-3'], options }).values.rate, '-3');
});

test('a negative number after a boolean flag or after -- is left alone', () => {
  assert.deepEqual(joinNegativeValues(['--tls', '-3'], options), ['--tls', '-3']);
  assert.deepEqual(joinNegativeValues(['--', '--rate', '-3'], options), ['--', '--rate', '-3']);
});

test('an option after a string option is still an option, as parseArgs reads it', () => {
  assert.deepEqual(joinNegativeValues(['--rate', '--tls'], options), ['--rate', '--tls']);
});

test('the producer given --rate -3 says what a rate must be and exits 2', async () => {
  const run = runJob(PRODUCER, ['--rate', '-3']);
  const { code } = await run.exited;
  assert.equal(code, 2);
  assert.match(run.stderr(), /--rate: '-3' is not a rate in messages per second/);
  assert.doesNotMatch(run.stderr(), /ambiguous/);
});

test('npm run bench given --runs -3 says it expects a positive whole number and exits 2', () => {
  const run = spawnSync('npm', ['run', '-s', 'bench', '--', 'validate', '--runs', '-3'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /bench: expected a positive whole number, got "-3"/);
});
