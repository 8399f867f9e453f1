import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionlintCheck } from '../../scripts/validate/checks/actionlint.ts';
import { fixtureContext } from './context.ts';

describe('actionlint check', () => {
  it('passes a well-formed workflow', async () => {
    assert.deepEqual(await actionlintCheck.run(fixtureContext('actionlint/clean')), { findings: [], skipped: [] });
  });

  it('reports an unknown job key at its line and column', async () => {
    const { findings } = await actionlintCheck.run(fixtureContext('actionlint/mistakes'));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.rule, 'actionlint');
    assert.equal(findings[0]?.file, '.github/workflows/ci.yml');
    assert.equal(findings[0]?.line, 9);
    assert.equal(findings[0]?.column, 5);
    assert.match(findings[0]?.message ?? '', /unexpected key "timeout" for "job" section/);
  });
});
