// npm run tf: one environment's files filled into terraform's commands, providers from the offline
// mirror when the machine has one; a wrong environment or command is a usage error (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { parseInvocation, providerSource, terraformArgs } from '../../scripts/tf.ts';

const tf = (...args: string[]) => spawnSync('npm', ['run', '-s', 'tf', '--', ...args], { encoding: 'utf8', timeout: 60_000 });

test('an unknown environment is a usage error naming the environments there are', () => {
  const run = tf('staging', 'plan');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /tf: unknown environment "staging"; choose from dev, prod/);
});

test('a command without its environment is a usage error', () => {
  const run = tf('plan');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /tf: plan needs an environment first: dev, prod/);
});

test('plan without the site variables says which file to write instead of prompting', (t) => {
  if (existsSync(new URL('../../terraform/environments/prod/site.tfvars', import.meta.url))) return t.skip('this checkout has its own terraform/environments/prod/site.tfvars');
  const run = spawnSync('npm', ['run', '-s', 'tf', '--', 'prod', 'plan'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TF_VAR_admin_role_arn: '', TF_VAR_public_access_cidrs: '' } });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /copy terraform\/environments\/prod\/site\.example\.tfvars to site\.tfvars/);
});

test('init reads the environment backend and reconfigures, so one checkout can switch environments', () => {
  assert.deepEqual(terraformArgs(parseInvocation(['prod', 'init'])), ['init', '-input=false', '-reconfigure', '-backend-config=environments/prod/backend.hcl']);
});

test('init -backend=false initialises without any backend (no AWS account needed)', () => {
  assert.deepEqual(terraformArgs(parseInvocation(['dev', 'init', '-backend=false'])), ['init', '-input=false', '-backend=false']);
});

test('test plans the environment variables with the example site values when there are no real ones', () => {
  const args = terraformArgs(parseInvocation(['dev', 'test']));
  assert.equal(args[0], 'test');
  assert.ok(args.includes('-var-file=environments/dev/terraform.tfvars'));
  assert.ok(args.some((a) => /^-var-file=environments\/dev\/site(\.example)?\.tfvars$/.test(a)));
});

test('plan saves the plan per environment and apply applies exactly that file', () => {
  const args = terraformArgs(parseInvocation(['dev', 'plan']), { TF_VAR_admin_role_arn: 'x', TF_VAR_public_access_cidrs: '[]' });
  assert.ok(args.includes('-out=dev.tfplan'));
});

test('fmt and validate need no environment', () => {
  assert.deepEqual(terraformArgs(parseInvocation(['fmt', '-check'])), ['fmt', '-recursive', '-check']);
  assert.deepEqual(terraformArgs(parseInvocation(['validate'])), ['validate']);
});

test('providers come from TF_PLUGIN_MIRROR through a CLI config naming it', () => {
  const source = providerSource({ TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc', TF_PLUGIN_MIRROR: '/srv/mirror' });
  try {
    assert.match(source.description, /the mirror \/srv\/mirror/);
    assert.ok(source.env.TF_CLI_CONFIG_FILE);
  } finally {
    source.cleanup();
  }
});

test('a TF_CLI_CONFIG_FILE naming an existing file is used as it is', () => {
  const source = providerSource({ TF_CLI_CONFIG_FILE: 'terraform/offline.tfrc' });
  assert.equal(source.env.TF_CLI_CONFIG_FILE, 'terraform/offline.tfrc');
});
