// The generated Alertmanager configs, checked by the real amtool, and what they promise: routes by severity,
// criticals inhibit warnings, receiver credentials only through *_file settings.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runTool } from '../../scripts/lib/tools.ts';
import { envNames, environments } from '../../scripts/environments.ts';
import { requireTool } from '../helpers/tools.ts';
import { generated, generatedTree } from './helpers.ts';

interface AmConfig {
  route: { receiver: string; routes: { matchers: string[]; receiver: string }[] };
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
  receivers: Record<string, unknown>[];
}

for (const env of envNames) {
  test(`amtool check-config accepts ${env}'s alertmanager.yml`, async (t) => {
    const amtool = await requireTool(t, 'amtool');
    if (!amtool) return;
    const root = await generatedTree(t);
    const run = await runTool(amtool, ['check-config', join(root, 'config', env, 'alertmanager.yml')]);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /SUCCESS/);
  });

  test(`${env}: critical and warning alerts go to the environment's receivers; criticals inhibit warnings`, () => {
    const config = parse(generated(`config/${env}/alertmanager.yml`)) as AmConfig;
    const { critical, warning } = environments[env].alertmanager.receivers;
    assert.deepEqual(config.route.routes.map((r) => [r.matchers, r.receiver]), [
      [['severity="critical"'], critical.name],
      [['severity="warning"'], warning.name],
    ]);
    assert.equal(config.route.receiver, warning.name);
    assert.deepEqual(config.inhibit_rules.map((r) => [r.source_matchers, r.target_matchers]), [[['severity="critical"'], ['severity="warning"']]]);
    assert.ok(config.inhibit_rules[0]?.equal.includes('instance'), 'a critical inhibits only warnings of the same instance');
  });

  test(`${env}: no receiver credential is written into alertmanager.yml`, () => {
    const text = generated(`config/${env}/alertmanager.yml`);
    assert.doesNotMatch(text, /\b(api_url|routing_key|service_key|url|api_key):/, 'credentials only through *_file settings');
    assert.doesNotMatch(text, /hooks\.slack\.com|events\.pagerduty\.com/);
  });
}

test('amtool rejects a config whose route names a receiver that does not exist', async (t) => {
  const amtool = await requireTool(t, 'amtool');
  if (!amtool) return;
  const root = await generatedTree(t);
  const file = join(root, 'config', 'prod', 'alertmanager.yml');
  await writeFile(file, generated('config/prod/alertmanager.yml').replace('receiver: prod-pagerduty', 'receiver: prod-pager'));
  const run = await runTool(amtool, ['check-config', file]);
  assert.equal(run.exitCode, 1, run.stdout + run.stderr);
  assert.match(run.stdout + run.stderr, /undefined receiver "prod-pager"/);
});
