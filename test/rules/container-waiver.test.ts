// A waiver that names a container covers that container only (issue 12): with the sysctl init
// container waived, the main container made privileged, root and SYS_ADMIN is still an error.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseWaiverValue, waiverState } from '../../scripts/validate/rules/waivers.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES } from './context.ts';

test('a waiver naming the sysctl container leaves the main container checked', () => {
  const r = runValidateCli(join(FIXTURES, 'container-waiver'), ['--format', 'json']);
  const findings = (JSON.parse(r.stdout) as { findings: { file: string; line: number; rule: string; message: string }[] }).findings;
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.file}:${f.line}`), ['security-context statefulset.yaml:32']);
  assert.match(findings[0]!.message, /^container search: runAsUser is 0; privileged is true; .*capabilities\.add includes SYS_ADMIN/);
  assert.equal(r.status, 1);
});

test('container=a,b; reason: the containers and the reason', () => {
  assert.deepEqual(parseWaiverValue('container=sysctl, init ; raises vm.max_map_count'), { reason: 'raises vm.max_map_count', containers: ['sysctl', 'init'] });
  assert.deepEqual(parseWaiverValue('no scope; the whole object'), { reason: 'no scope; the whole object' });
});

test('a container-scoped waiver waives nothing about the pod as a whole, and needs a reason too', () => {
  const key = 'ignore-check.platform-team.io/security-context';
  assert.equal(waiverState([{ [key]: 'container=sysctl; why' }], 'security-context', 'sysctl'), 'waived');
  assert.equal(waiverState([{ [key]: 'container=sysctl; why' }], 'security-context', 'main'), 'none');
  assert.equal(waiverState([{ [key]: 'container=sysctl; why' }], 'security-context'), 'none');
  assert.equal(waiverState([{ [key]: 'container=sysctl;' }], 'security-context', 'sysctl'), 'no-reason');
});
