// Every relative link of the READMEs and docs/ leads somewhere: the file exists and, for a link to a
// heading of a markdown file, that heading exists (as GitHub names its anchor).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/repo-copy.ts';
import { headingAnchors, relativeLinks } from './markdown-links.ts';

const PAGES = [
  'README.md',
  ...['base', 'clusters', 'compose', 'jobs', 'terraform'].map((dir) => `${dir}/README.md`),
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].filter((page) => existsSync(join(REPO, page)));

const anchorsOf = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let found = anchorsOf.get(file);
  if (!found) anchorsOf.set(file, (found = headingAnchors(readFileSync(file, 'utf8'))));
  return found;
}

for (const page of PAGES) {
  test(`${page}: every relative link names a file that exists, and a heading that exists`, () => {
    const broken: string[] = [];
    for (const link of relativeLinks(readFileSync(join(REPO, page), 'utf8'))) {
      const target = link.path === '' ? join(REPO, page) : resolve(REPO, dirname(page), decodeURIComponent(link.path));
      const shown = `${page}:${link.line}: ${link.path}${link.anchor === null ? '' : `#${link.anchor}`}`;
      if (!existsSync(target)) broken.push(`${shown}: no file ${relative(REPO, target)}`);
      else if (link.anchor !== null && target.endsWith('.md') && !anchors(target).has(decodeURIComponent(link.anchor).toLowerCase())) {
        broken.push(`${shown}: no heading with that anchor in ${relative(REPO, target)}`);
      }
    }
    assert.deepEqual(broken, []);
  });
}

test('a link test covers the README and every page of docs/', () => {
  assert.ok(PAGES.includes('README.md'));
  assert.ok(PAGES.some((p) => p.startsWith('docs/')));
});
