// How the README test reads a README: which blocks run, which are skipped and why, which are services.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MarkerError, programsOf, shellBlocks } from './readme-blocks.ts';

const md = (...lines: string[]): string => lines.join('\n');

test('an sh block runs, with its first line number', () => {
  const blocks = shellBlocks(md('# T', '', '```sh', 'npm run typecheck', '```'), 'R.md');
  assert.deepEqual(blocks, [{ line: 3, script: 'npm run typecheck', mode: { kind: 'run' } }]);
});

test('blocks in other languages are not commands', () => {
  assert.deepEqual(shellBlocks(md('```json', '{}', '```', '```yaml', 'a: 1', '```', '```', 'plain', '```'), 'R.md'), []);
});

test('a "not run here" comment before a block skips it with its reason', () => {
  const [block] = shellBlocks(md('<!-- not run here: needs an AWS account -->', '', '```sh', 'terraform apply', '```'), 'R.md');
  assert.deepEqual(block!.mode, { kind: 'skip', reason: 'needs an AWS account' });
});

test('a long-running comment makes the block a service stopped after its seconds', () => {
  const [block] = shellBlocks(md('<!-- long-running: stopped after 15 s -->', '```sh', 'npm run metrics', '```'), 'R.md');
  assert.deepEqual(block!.mode, { kind: 'service', stopAfterMs: 15_000 });
});

test('a malformed marker is an error naming the place, never a silent run', () => {
  assert.throws(() => shellBlocks(md('<!-- not run here: -->', '```sh', 'x', '```'), 'R.md'), MarkerError);
  assert.throws(() => shellBlocks(md('<!-- long-running: forever -->', '```sh', 'x', '```'), 'R.md'), /R\.md:2: malformed marker/);
});

test('a fence inside a longer fence is text, not a block', () => {
  assert.deepEqual(shellBlocks(md('````markdown', '```sh', 'rm -rf /', '```', '````'), 'R.md'), []);
});

test('the programs a block starts come from each command\'s first word', () => {
  assert.deepEqual(programsOf(md('export X=1 # terraform here is a comment', 'TF_LOG=warn terraform init', 'kubectl kustomize overlays/dev'), ['terraform', 'kubectl']), ['terraform', 'kubectl']);
});

test('npm scripts that start an external program need it too', () => {
  assert.deepEqual(programsOf('npm run tf -- dev test', ['terraform']), ['terraform']);
  assert.deepEqual(programsOf('npm run validate -- --format json --require-all', []).sort(), ['kubectl', 'promtool', 'shellcheck', 'terraform']);
  assert.deepEqual(programsOf('npm run validate', []), []);
});
