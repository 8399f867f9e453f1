// How links and heading anchors are read from markdown (the rules the link test relies on).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headingAnchors, relativeLinks } from './markdown-links.ts';

test('relative links are found with their line, path and anchor; links to other sites are not', () => {
  const md = 'See [a](docs/a.md#Part-one) and [b](https://example.com/b.md).\n\n[c](#local)\n';
  assert.deepEqual(relativeLinks(md), [
    { line: 1, path: 'docs/a.md', anchor: 'Part-one' },
    { line: 3, path: '', anchor: 'local' },
  ]);
});

test('links inside fenced code and inline code are not links', () => {
  const md = '```md\n[x](missing.md)\n```\n`[y](missing.md)` [z](z.md)\n';
  assert.deepEqual(relativeLinks(md).map((l) => l.path), ['z.md']);
});

test("heading anchors follow GitHub's rule: lower case, punctuation dropped, spaces to hyphens, repeats numbered", () => {
  const md = '# `npm run validate`: reference\n## Benchmarks (`npm run bench`)\n## What prod guarantees, in full\n## Notes\n## Notes\n```sh\n# not a heading\n```\n';
  assert.deepEqual([...headingAnchors(md)], ['npm-run-validate-reference', 'benchmarks-npm-run-bench', 'what-prod-guarantees-in-full', 'notes', 'notes-1']);
});
