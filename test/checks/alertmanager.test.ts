import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { alertmanagerCheck, normaliseAmtoolOutput } from '../../scripts/validate/checks/alertmanager.ts';
import { requireTool } from '../helpers/tools.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES, fixtureContext } from './context.ts';

describe('amtool check', () => {
  it("reads amtool's FAILED line as the message, and keeps unmarshal errors with their file", () => {
    const out = "Checking 'a.yml'  FAILED: yaml: unmarshal errors:\n  line 5: field x not found\n\namtool: error: failed to validate 1 file(s)\n";
    assert.equal(normaliseAmtoolOutput(out).trim(), 'a.yml: yaml: unmarshal errors:\n  line 5: field x not found');
  });

  it('passes a valid Alertmanager config', async (t) => {
    if (!(await requireTool(t, 'amtool'))) return;
    assert.deepEqual(await alertmanagerCheck.run(fixtureContext('alertmanager/clean')), { findings: [], skipped: [] });
  });

  it('reports an unknown field of an Alertmanager config at its line and column', async (t) => {
    if (!(await requireTool(t, 'amtool'))) return;
    const { findings } = await alertmanagerCheck.run(fixtureContext('alertmanager/mistakes'));
    assert.deepEqual(findings.map((f) => [f.file, f.line, f.column, f.rule]), [['alertmanager.yml', 5, 3, 'amtool-config']]);
    assert.match(findings[0]?.message ?? '', /field group_byy not found/);
  });

  it('says it did not run, and how to get amtool, when amtool is not on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = await alertmanagerCheck.run(fixtureContext('alertmanager/clean'));
      assert.deepEqual(result.findings, []);
      assert.equal(result.skipped[0]?.check, 'amtool');
      assert.match(result.skipped[0]?.fix ?? '', /apt-get install -y prometheus-alertmanager/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('checks an Alertmanager config with amtool and leaves a Helm values file with `global:` to neither tool (through the CLI)', async (t) => {
    if (!(await requireTool(t, 'amtool'))) return;
    const run = runValidateCli(join(FIXTURES, 'alertmanager', 'neighbours'), ['--format', 'json']);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: Array<{ file: string; line: number; rule: string; message: string }> };
    assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.rule]), [['alertmanager.yml', 4, 'amtool-config']]);
    assert.match(report.findings[0]?.message ?? '', /undefined receiver "on-call" used in route/);
  });
});
