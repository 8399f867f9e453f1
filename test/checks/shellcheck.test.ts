import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isShellScript, shellcheckCheck } from '../../scripts/validate/checks/shellcheck.ts';
import { requireTool } from '../helpers/tools.ts';
import { fixtureContext } from './context.ts';

describe('shellcheck check', () => {
  it('selects *.sh files and extensionless files with a sh or bash shebang', () => {
    const paths = fixtureContext('shellcheck/clean').files.filter(isShellScript).map((f) => f.path);
    assert.deepEqual(paths, ['.ci/run', 'spark-env.sh']);
  });

  it('passes scripts shellcheck has nothing to say about', async (t) => {
    if (!(await requireTool(t, 'shellcheck'))) return;
    assert.deepEqual(await shellcheckCheck.run(fixtureContext('shellcheck/clean')), { findings: [], skipped: [] });
  });

  it('reports shellcheck comments with their SC code, file, line and column', async (t) => {
    if (!(await requireTool(t, 'shellcheck'))) return;
    const { findings } = await shellcheckCheck.run(fixtureContext('shellcheck/mistakes'));
    const f = findings.find((x) => x.message.startsWith('SC2086'));
    assert.equal(f?.rule, 'shellcheck');
    assert.equal(f?.file, 'config/spark-env.sh');
    assert.equal(f?.line, 3);
    assert.equal(f?.column, 6);
  });

  it('says it did not run, and how to get shellcheck, when shellcheck is not on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = await shellcheckCheck.run(fixtureContext('shellcheck/mistakes'));
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.skipped, [{ check: 'shellcheck', reason: 'shellcheck is not on the PATH', fix: 'apt-get install -y shellcheck' }]);
    } finally {
      process.env.PATH = path;
    }
  });
});
