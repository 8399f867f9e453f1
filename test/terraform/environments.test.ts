// Each environment's variables and backend settings: the variables pass every validation and
// plan (against a mocked AWS provider, offline) into the shape terraform/tests asserts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool } from '../helpers/tools.ts';
import { envNames } from '../../scripts/environments.ts';
import { copyConfiguration, terraformSource, type Workdir } from './terraform-workdir.ts';

/** The environments of the typed source: terraform's list of them (environments.tf) is generated from it. */
const environments = [...envNames].sort();

// Who administers a cluster is not committed (ops write environments/<env>/site.tfvars or export
// TF_VAR_*); the committed example, with documentation values, is what the plan is tested with,
// which also proves the example sets every required variable with the right type.
const siteVariables = (env: string): string[] => [`-var-file=environments/${env}/site.example.tfvars`];

let initialised: Promise<Workdir> | undefined;
/** One initialised copy shared by the plan tests: init is the slow part. */
function initialisedCopy(terraform: string): Promise<Workdir> {
  initialised ??= (async () => {
    const w = await copyConfiguration(terraform);
    const init = await w.run(['init', '-backend=false', '-input=false', '-no-color']);
    if (init.exitCode !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
    return w;
  })();
  return initialised;
}
after(async () => {
  if (initialised) await (await initialised).remove();
});

/** `name = value` lines of a flat HCL file such as backend.hcl. */
function hclAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([a-z_]+)\s*=\s*("([^"]*)"|[^\s#]+)/.exec(line);
    if (m?.[1]) out[m[1]] = m[3] ?? m[2] ?? '';
  }
  return out;
}

test('terraform/environments/ has a folder for exactly the environments of scripts/environments.ts', async () => {
  const dirs = (await readdir(join(terraformSource, 'environments'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.deepEqual(dirs.sort(), environments);
});

for (const env of environments) {
  test(`${env}: the backend keeps state in its own key, encrypted and locked with an S3 lock file`, async () => {
    const backend = hclAttributes(await readFile(join(terraformSource, 'environments', env, 'backend.hcl'), 'utf8'));
    assert.equal(backend.key, `eks/${env}/terraform.tfstate`);
    assert.equal(backend.encrypt, 'true');
    assert.equal(backend.use_lockfile, 'true');
    assert.ok(backend.bucket, 'bucket');
    assert.ok(backend.region, 'region');
  });

  test(`${env}: the variables pass validation and the mocked plan meets every assertion in terraform/tests`, async (t) => {
    const terraform = await requireTool(t, 'terraform');
    if (!terraform) return;
    const w = await initialisedCopy(terraform);
    const run = await w.run(['test', '-no-color', `-var-file=environments/${env}/terraform.tfvars`, ...siteVariables(env)]);
    assert.equal(run.exitCode, 0, `terraform test with environments/${env}/terraform.tfvars failed:\n${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /Success! \d+ passed, 0 failed\./);
  });
}

test('each environment has an example of the site variables that are not committed', async () => {
  for (const env of environments) {
    const vars = hclAttributes(await readFile(join(terraformSource, 'environments', env, 'site.example.tfvars'), 'utf8'));
    assert.deepEqual(Object.keys(vars).sort(), ['admin_role_arn', 'public_access_cidrs'], `environments/${env}/site.example.tfvars`);
  }
});

test('the environment named in terraform.tfvars matches its directory', async () => {
  for (const env of environments) {
    const vars = hclAttributes(await readFile(join(terraformSource, 'environments', env, 'terraform.tfvars'), 'utf8'));
    assert.equal(vars.environment, env, `environments/${env}/terraform.tfvars`);
  }
});
