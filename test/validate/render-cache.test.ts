// Kustomize renders are kept between runs, keyed on their inputs' content: an unchanged
// kustomization is not rendered again, a changed one is. Through `npm run validate`, with a kubectl
// on the PATH that counts its calls before running the real one.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

const DEPLOYMENT = (image: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;

test('an unchanged kustomization is read from the cache; a changed input renders again', async (t) => {
  const kubectl = await requireTool(t, 'kubectl');
  if (!kubectl) return;
  const base = mkdtempSync(join(tmpdir(), 'render-cache-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'tree');
  const bin = join(base, 'bin');
  const calls = join(base, 'calls');
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\necho "$@" >> '${calls}'\nexec '${kubectl}' "$@"\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  writeFileSync(join(root, 'app', 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
  writeFileSync(join(root, 'app', 'deployment.yaml'), DEPLOYMENT('nginx:1.27.3'));
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, XDG_CACHE_HOME: join(base, 'cache') };
  const renders = (): number => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').length : 0);

  const first = runValidateCli(root, ['--format', 'json'], env);
  assert.equal(renders(), 1, first.stdout + first.stderr);
  const second = runValidateCli(root, ['--format', 'json'], env);
  assert.equal(renders(), 1, 'the second run read the render back');
  assert.deepEqual(JSON.parse(second.stdout).findings, JSON.parse(first.stdout).findings);

  writeFileSync(join(root, 'app', 'deployment.yaml'), DEPLOYMENT('nginx:1.27.4'));
  runValidateCli(root, ['--format', 'json'], env);
  assert.equal(renders(), 2, 'a changed resource renders again');
});
