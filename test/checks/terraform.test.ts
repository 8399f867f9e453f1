import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { terraformEnv } from '../../scripts/validate/checks/terraform/cli-config.ts';
import { firstChanges } from '../../scripts/validate/checks/terraform/fmt.ts';
import { terraformCheck } from '../../scripts/validate/checks/terraform/index.ts';
import { requireTool } from '../helpers/tools.ts';
import { FIXTURES, fixtureContext } from './context.ts';

describe('terraform check', () => {
  it('writes an offline CLI config for the plugin mirror when TF_CLI_CONFIG_FILE names no file', async () => {
    const tf = await terraformEnv({ TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc', TF_PLUGIN_MIRROR: '/srv/mirror' });
    const config = readFileSync(tf.env.TF_CLI_CONFIG_FILE ?? '', 'utf8');
    assert.match(config, /filesystem_mirror \{\n\s+path\s+= "\/srv\/mirror"/);
    assert.match(config, /direct \{\n\s+exclude = \["registry\.terraform\.io\/\*\/\*"\]/);
    assert.equal(tf.providerSource, 'the filesystem mirror /srv/mirror');
  });

  it('keeps a CLI config the environment names when it exists', async () => {
    const named = join(FIXTURES, 'terraform', 'clean', 'main.tf'); // any existing file stands in for one
    const tf = await terraformEnv({ TF_CLI_CONFIG_FILE: named });
    assert.equal(tf.env.TF_CLI_CONFIG_FILE, named);
  });

  it('finds the first line terraform fmt would change in its diff', () => {
    const diff = ['main.tf', '--- old/main.tf', '+++ new/main.tf', '@@ -9,4 +9,4 @@', ' resource "x" "y" {', '-  a = 1', '+  a    = 1', ' }'].join('\n');
    assert.deepEqual([...firstChanges(diff)], [['main.tf', 10]]);
  });

  it('passes a formatted, valid configuration without writing into the checkout', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const result = await terraformCheck.run(fixtureContext('terraform/clean'));
    assert.deepEqual(result, { findings: [], skipped: [] });
    assert.equal(existsSync(join(FIXTURES, 'terraform', 'clean', '.terraform')), false);
    assert.equal(existsSync(join(FIXTURES, 'terraform', 'clean', '.terraform.lock.hcl')), false);
  });

  it('reports an unformatted file and an argument the provider does not know, at their lines', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const { findings } = await terraformCheck.run(fixtureContext('terraform/mistakes'));
    const fmt = findings.find((f) => f.rule === 'terraform-fmt');
    const validate = findings.find((f) => f.rule === 'terraform-validate');
    assert.deepEqual([fmt?.file, fmt?.line], ['main.tf', 11]);
    assert.deepEqual([validate?.file, validate?.line, validate?.column], ['main.tf', 12, 3]);
    assert.match(validate?.message ?? '', /Did you mean "enable_dns_hostnames"\?/);
  });

  it('reports a provider that terraform init cannot install from the offline source as a finding on the module', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const { findings, skipped } = await terraformCheck.run(fixtureContext('terraform/init-failure'));
    assert.deepEqual(skipped, []);
    const [f] = findings.filter((x) => x.rule === 'terraform-init');
    assert.deepEqual([f?.file, f?.line, f?.column], ['main.tf', 4, 7]);
    assert.match(f?.message ?? '', /hashicorp\/awss/);
  });
});
