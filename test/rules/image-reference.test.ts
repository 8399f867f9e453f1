// image-reference follows distribution/reference, the grammar container runtimes parse images with.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseImageReference } from '../../scripts/validate/rules/image-reference.ts';

const valid = [
  'nginx',
  'nginx:1.25',
  'nginx:1.25-alpine',
  'library/nginx:1.25',
  'docker.elastic.co/kibana/kibana:8.15.3',
  'localhost:5000/team/app:0.1.0',
  'ghcr.io/platform-team/platform-jobs:0.1.0',
  'registry.example.com:443/a/b__c/d-e.f:v1',
  `nginx@sha256:${'a'.repeat(64)}`,
  `nginx:1.25@sha256:${'0'.repeat(64)}`,
  'Registry.Example.com/app:1',
];

const invalid: [string, RegExp][] = [
  ['nginx:1.25:alpine', /more than one ":"/],
  ['Nginx:1.25', /lower case/],
  ['nginx:1.25 ', /white space/],
  ['name@v0.10.6', /not a digest/],
  ['nginx:', /not a valid tag/],
  ['nginx:-1', /not a valid tag/],
  ['', /empty/],
  ['team//app:1', /repository name/],
];

for (const image of valid) {
  test(`${JSON.stringify(image)} is a valid image reference`, () => {
    const r = parseImageReference(image);
    assert.equal(r.ok, true, r.ok ? '' : r.reason);
  });
}

for (const [image, reason] of invalid) {
  test(`${JSON.stringify(image)} is not a valid image reference`, () => {
    const r = parseImageReference(image);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, reason);
  });
}

test('a number or a map is not an image reference', () => {
  for (const [value, what] of [[1, /a number/], [{ '{ .Image }': null }, /a map/]] as const) {
    const r = parseImageReference(value);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, what);
  }
});
