// `npm run validate` runs dist/validate.mjs, the bundle `npm run build` makes (npm ci runs it as the
// `prepare` script). A bundle that no longer matches its sources is never run: the launcher
// rebuilds it first and says so, or stops with exit 2 and the command that rebuilds it.
// Each test works in a copy of the validator's sources (node_modules linked), never in this checkout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/validate-cli.ts';

/** A copy of the validator (scripts/ and package.json, node_modules linked), built. */
function validatorCopy(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'validate-build-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(REPO, 'scripts'), join(dir, 'scripts'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const built = spawnSync(process.execPath, [join(dir, 'scripts', 'build-validate.mjs')], { cwd: dir, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  return dir;
}

const run = (dir: string, args: string[]) => spawnSync(process.execPath, [join(dir, 'scripts', 'run-validate.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });

test('the built validator runs without rebuilding when its sources are unchanged', (t) => {
  const dir = validatorCopy(t);
  const r = run(dir, ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: npm run validate/);
  assert.equal(r.stderr, '');
});

test('a source changed after the build is rebuilt before it runs, and the run says so', (t) => {
  const dir = validatorCopy(t);
  const entry = join(dir, 'scripts', 'validate.ts');
  writeFileSync(entry, readFileSync(entry, 'utf8').replace('usage: npm run validate', 'usage (edited): npm run validate'));
  const r = run(dir, ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /scripts\/validate\.ts changed since dist\/validate\.mjs was built; rebuilding it \(npm run build\)/);
  assert.match(r.stdout, /usage \(edited\): npm run validate/, 'the edited source must be what runs');
  const again = run(dir, ['--help']);
  assert.equal(again.stderr, '', 'the rebuilt bundle is fresh');
});

test('a module of the bundle changed after the build is rebuilt too, not only the entry', (t) => {
  const dir = validatorCopy(t);
  const module = join(dir, 'scripts', 'validate', 'config.ts');
  writeFileSync(module, `${readFileSync(module, 'utf8')}\n// edited\n`);
  const r = run(dir, ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /scripts\/validate\/config\.ts changed since dist\/validate\.mjs was built/);
});

test('a stale bundle that cannot be rebuilt is not run: exit 2 with the command that rebuilds it', (t) => {
  const dir = validatorCopy(t);
  const entry = join(dir, 'scripts', 'validate.ts');
  writeFileSync(entry, `${readFileSync(entry, 'utf8')}\nconst broken = ;\n`);
  const r = run(dir, ['--help']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /could not rebuild dist\/validate\.mjs/);
  assert.match(r.stderr, /Run `npm run build`/);
  assert.doesNotMatch(r.stdout, /usage/, 'the stale bundle must not run');
});

test('a validator never built is built by its first run', (t) => {
  const dir = validatorCopy(t);
  rmSync(join(dir, 'dist'), { recursive: true });
  const r = run(dir, ['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /dist\/validate\.mjs has not been built; rebuilding it/);
  assert.match(r.stdout, /usage: npm run validate/);
});
