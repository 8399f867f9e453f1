// The locked dependencies agree with the Node the project runs on: `npm ci` warns EBADENGINE for
// any installed package whose engines.node range leaves that Node out. Read from package-lock.json,
// so a dependency change that would bring the warning back fails here, without running npm ci.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import semver from 'semver';
import { REPO } from '../validate/helpers.ts';

interface Manifest {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface LockEntry {
  version?: string;
  engines?: Record<string, unknown> | unknown[];
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** The Node range a lock entry declares. An `engines` array is the long-gone npm 2 form, which npm ignores. */
const nodeRange = (entry: LockEntry | undefined): unknown => (entry?.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined);

/** Every locked package (the root excluded) with the Node range it declares, if any. */
function nodeRanges(): Array<{ name: string; range: string }> {
  const out: Array<{ name: string; range: string }> = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path) continue;
    const node = nodeRange(entry);
    if (typeof node === 'string') out.push({ name: `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'}`, range: node });
  }
  return out;
}

/** The packages whose range leaves `version` out, as `name (range)`. */
const excluding = (version: string): string[] =>
  nodeRanges()
    .filter(({ range }) => !semver.satisfies(version, range))
    .map(({ name, range }) => `${name} (node ${range})`);

test('package.json declares the Node range the project runs on, and the running Node is in it', () => {
  const range = manifest.engines?.node;
  assert.ok(range && semver.validRange(range), 'package.json needs engines.node, a semver range');
  assert.ok(semver.satisfies(process.version, range), `Node ${process.version} is outside engines.node ${range}`);
  assert.equal(nodeRange(lock.packages['']), range, 'package-lock.json is stale: run npm install');
});

test('every locked package admits the running Node, so npm ci prints no EBADENGINE warning', () => {
  assert.deepEqual(excluding(process.version), [], `these declare a Node range without ${process.version}`);
});

test('every locked package admits the oldest Node that package.json allows', () => {
  const oldest = semver.minVersion(manifest.engines!.node!)!.version;
  assert.deepEqual(excluding(oldest), [], `raise engines.node above ${oldest}, or choose releases made for it`);
});

test('every package range npm reads is a valid semver range', () => {
  const invalid = nodeRanges().filter(({ range }) => semver.validRange(range) === null);
  assert.deepEqual(invalid, []);
});

test('direct dependencies are pinned to exact versions', () => {
  const loose = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([, v]) => semver.valid(v) === null);
  assert.deepEqual(loose, [], 'pin exact versions (npm install --save-exact)');
});
