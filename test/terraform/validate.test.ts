// terraform/ is formatted and valid, checked offline by the real terraform.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../scripts/lib/tools.ts';
import { requireTool } from '../helpers/tools.ts';
import { copyConfiguration, describe, terraformSource, validateDiagnostics, type Workdir } from './terraform-workdir.ts';

const workdirs: Workdir[] = [];
after(async () => {
  await Promise.all(workdirs.map((w) => w.remove()));
});

test('terraform fmt -check -recursive finds nothing to reformat', async (t) => {
  const terraform = await requireTool(t, 'terraform');
  if (!terraform) return;
  const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
  const fmt = await runTool(terraform, ['fmt', '-check', '-recursive', '-no-color', '.'], { cwd: terraformSource, env });
  assert.equal(fmt.exitCode, 0, `files terraform fmt would rewrite:\n${fmt.stdout}${fmt.stderr}`);
});

test('terraform init -backend=false and validate report no diagnostics', async (t) => {
  const terraform = await requireTool(t, 'terraform');
  if (!terraform) return;
  const w = await copyConfiguration(terraform);
  workdirs.push(w);

  const init = await w.run(['init', '-backend=false', '-input=false', '-no-color']);
  assert.equal(init.exitCode, 0, `terraform init failed:\n${init.stdout}${init.stderr}`);
  const validate = await w.run(['validate', '-json', '-no-color']);
  assert.deepEqual(validateDiagnostics(validate).map(describe), []);
  assert.equal(validate.exitCode, 0);
});

test('the committed lock file pins hashicorp/aws 5.100.0 and init accepts it unchanged', async (t) => {
  const terraform = await requireTool(t, 'terraform');
  if (!terraform) return;
  const w = await copyConfiguration(terraform);
  workdirs.push(w);
  const committed = await readFile(join(terraformSource, '.terraform.lock.hcl'), 'utf8');
  assert.match(committed, /provider "registry\.terraform\.io\/hashicorp\/aws" \{\s+version\s+= "5\.100\.0"/);

  const init = await w.run(['init', '-backend=false', '-input=false', '-no-color', '-lockfile=readonly']);
  assert.equal(init.exitCode, 0, `terraform init -lockfile=readonly failed:\n${init.stdout}${init.stderr}`);
  assert.equal(await readFile(join(w.dir, '.terraform.lock.hcl'), 'utf8'), committed);
});

test('a variable with an unknown type is reported with its file and line', async (t) => {
  const terraform = await requireTool(t, 'terraform');
  if (!terraform) return;
  const w = await copyConfiguration(terraform);
  workdirs.push(w);
  const variables = join(w.dir, 'variables.tf');
  const lines = (await readFile(variables, 'utf8')).split('\n').length;
  // The file ends with a newline, so the appended block starts on line `lines`.
  await appendFile(variables, '\nvariable "broken" {\n  type = strng\n}\n');

  const validate = await w.run(['validate', '-json', '-no-color']);
  assert.notEqual(validate.exitCode, 0);
  const [diagnostic] = validateDiagnostics(validate);
  assert.ok(diagnostic, 'expected a diagnostic');
  assert.equal(diagnostic.severity, 'error');
  assert.equal(diagnostic.summary, 'Invalid type specification');
  assert.deepEqual(diagnostic.range && { file: diagnostic.range.filename, line: diagnostic.range.start.line }, { file: 'variables.tf', line: lines + 2 });
});
