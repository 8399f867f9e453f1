// docs/extending.md "Adding an environment", followed to the letter in a full copy of the repository:
// the entry in scripts/environments.ts, `npm run generate`, the overlay, the Argo CD folder, the terraform
// variables; then the copy's own `npm run validate` (its own typed source the trusted one) finds nothing, and
// terraform plans the new environment against the mocked provider.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { copyRepository, removeCopy, REPO } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';

const doc = readFileSync(join(REPO, 'docs', 'extending.md'), 'utf8');
const start = doc.indexOf('## Adding an environment');
const end = doc.indexOf('\n## ', start + 1);
const section = doc.slice(start, end === -1 ? undefined : end);
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] ?? '', text: m[2] ?? '' }));

const PATHS = ['scripts', 'package.json', 'tsconfig.json', 'base', 'overlays', 'config', 'clusters', 'compose', 'jobs', 'terraform', 'validate.config.yaml', '.yamllint', '.yamllint.yaml', '.github', 'README.md'];
const copy = copyRepository(PATHS, 'extending-environment-');
after(() => removeCopy(copy));

/** The copy's own npm scripts. Renders are checked, not timed: on a busy machine kustomize may need more than the default minute. */
function npm(args: string[]): { status: number; output: string } {
  const r = spawnSync('npm', ['run', '-s', ...args], { cwd: copy, encoding: 'utf8', timeout: 540_000, env: { ...process.env, PLATFORM_VALIDATE_CACHE: join(copy, '.cache'), VALIDATE_KUSTOMIZE_TIMEOUT_S: '300' } });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

test('adding an environment as docs/extending.md says generates its configs and validates clean', { timeout: 900_000 }, async (t) => {
  assert.ok(start >= 0, 'docs/extending.md has a section "Adding an environment"');
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  const [entry, record, generate, overlay, clusters, cluster] = blocks;
  assert.ok(entry && record && generate && overlay && clusters && cluster, 'the section gives six code blocks');

  // Step 1: the entry goes before `export const environments`, whose line the second block replaces.
  const envFile = join(copy, 'scripts', 'environments.ts');
  const lines = readFileSync(envFile, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('export const environments ='));
  assert.ok(at >= 0, 'scripts/environments.ts has the line `export const environments = ...`');
  lines.splice(at, 1, ...entry.text.trimEnd().split('\n'), '', record.text.trimEnd());
  writeFileSync(envFile, lines.join('\n'));

  // Step 2: the doc's command, the copy's own generator.
  assert.equal(generate.text.trim(), 'npm run generate');
  const generated = npm(['generate']);
  assert.equal(generated.status, 0, generated.output);
  assert.ok(existsSync(join(copy, 'config', 'staging', 'environment', 'kustomization.yaml')), 'generate wrote config/staging/');

  // Step 3: the overlay, at the path the doc names.
  const overlayPath = /\*\*3\. Write its overlay\*\*, `([^`]+)`/.exec(section)?.[1];
  assert.equal(overlayPath, 'overlays/staging/kustomization.yaml');
  mkdirSync(join(copy, 'overlays', 'staging'), { recursive: true });
  writeFileSync(join(copy, overlayPath), overlay.text);

  // Step 4: the Argo CD folder, by the doc's own commands.
  const shell = spawnSync('bash', ['-euo', 'pipefail', '-c', clusters.text], { cwd: copy, encoding: 'utf8', timeout: 30_000 });
  assert.equal(shell.status, 0, shell.stderr);

  // Step 5: the terraform variables, by the doc's own commands.
  const tfShell = spawnSync('bash', ['-euo', 'pipefail', '-c', cluster.text], { cwd: copy, encoding: 'utf8', timeout: 30_000 });
  assert.equal(tfShell.status, 0, tfShell.stderr);
  assert.match(readFileSync(join(copy, 'terraform', 'environments.tf'), 'utf8'), /"staging"/, 'generate listed staging for terraform');

  // The copy's own validator, on the copy.
  const validated = npm(['validate']);
  assert.equal(validated.status, 0, validated.output);
  assert.match(validated.output, /\b0 errors, 0 warnings\b/, validated.output);

  // terraform accepts the new environment: its variables pass validation and the mocked plan (the doc's command).
  assert.match(section, /`npm run tf -- staging init -backend=false` then `npm run tf -- staging test`/);
  if (!(await requireTool(t, 'terraform'))) return;
  const init = npm(['tf', '--', 'staging', 'init', '-backend=false']);
  assert.equal(init.status, 0, init.output);
  const planned = npm(['tf', '--', 'staging', 'test']);
  assert.equal(planned.status, 0, planned.output);
  // terraform colours its summary; the words are what count.
  assert.match(planned.output.replace(/\x1b\[[0-9;]*m/g, ''), /Success! \d+ passed, 0 failed\./, planned.output);
});
