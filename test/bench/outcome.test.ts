// npm run bench's verdict: benchmarks hand back their targets as data, and the exit code follows
// from them alone (0 met, 1 missed or failed, 2 could not run).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { benchExitCode, summaryLines, target, type BenchOutcome } from '../../scripts/bench/outcome.ts';

const outcome = (over: Partial<BenchOutcome> = {}): BenchOutcome => ({ benchmark: 'validate', targets: [], failures: [], ...over });

test('a target is met or not by its comparison with the bound', () => {
  assert.equal(target('rate', 15_000, 'objects/s', '>=', 15_000).met, true);
  assert.equal(target('rate', 14_999, 'objects/s', '>=', 15_000).met, false);
  assert.equal(target('cpu', 15, '%', '<', 15).met, false);
  assert.equal(target('rate', 1, 'x', '>=', 250_000).target, '>= 250,000 x');
});

test('every target met exits 0', () => {
  assert.equal(benchExitCode([outcome({ targets: [target('rate', 2, 'x', '>=', 1)] })]), 0);
});

test('one missed target exits 1 and the summary says NOT MET', () => {
  const outcomes = [outcome({ targets: [target('rate', 2, 'x', '>=', 1), target('rss', 600, 'MB', '<', 512)] })];
  assert.equal(benchExitCode(outcomes), 1);
  assert.ok(summaryLines(outcomes).some((l) => l.includes('rss 600 MB (target < 512 MB): NOT MET')));
});

test('a failed run exits 1 even when its targets were met', () => {
  assert.equal(benchExitCode([outcome({ targets: [target('rate', 2, 'x', '>=', 1)], failures: ['2 planted mistakes not reported'] })]), 1);
});

test('a benchmark that could not run exits 2 and says why', () => {
  const outcomes = [outcome({ benchmark: 'producer', unavailable: 'needs kcat' })];
  assert.equal(benchExitCode(outcomes), 2);
  assert.ok(summaryLines(outcomes).includes('  producer: NOT RUN: needs kcat'));
});

test('npm run bench with an unknown benchmark is a usage error (exit 2) before anything runs', () => {
  const run = spawnSync('npm', ['run', '-s', 'bench', '--', 'nonsense'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /bench: unknown benchmark nonsense; choose from producer, validate/);
});
