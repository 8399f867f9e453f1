import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderAll } from '../../scripts/generate/index.ts';
import { GENERATED_ROOTS } from '../../scripts/validate/checks/drift.ts';

// The drift check skips loading the generator in a tree with nothing at these paths; that is only
// right while every generated file lives under one of them.
test('every generated file lives under one of the paths the drift check looks at first', () => {
  const outside = renderAll()
    .map((f) => f.path)
    .filter((p) => !GENERATED_ROOTS.some((root) => p === root || p.startsWith(`${root}/`)));
  assert.deepEqual(outside, []);
});
