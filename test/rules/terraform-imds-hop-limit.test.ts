// Issue 16, item 3 guarded: a launch template whose IMDS hop limit is above 1 (so pods reach the node
// role's credentials) fails `npm run validate` at the file and line of the limit. The check reads the
// .tf text, so it judges the fixture even where terraform is absent.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodeOnlyPath, REPO, runValidateCli } from '../helpers/validate-cli.ts';

const FIXTURE = join(REPO, 'test/fixtures/rules/terraform-imds-hop-limit');

interface ReportedFinding {
  file: string;
  line: number;
  rule: string;
}

test('an IMDS hop limit above 1 is reported at its line, and a limit of 1 is not, even without terraform on the PATH', () => {
  const r = runValidateCli(FIXTURE, ['--format', 'json'], { ...process.env, PATH: nodeOnlyPath() });
  let findings: ReportedFinding[] = [];
  try {
    findings = (JSON.parse(r.stdout) as { findings?: ReportedFinding[] }).findings ?? [];
  } catch {
    assert.fail(`validate exited ${r.status} without a JSON report:\n${r.stderr}`);
  }
  const hop = findings.filter((f) => f.rule === 'terraform-imds-hop-limit').map((f) => `${f.file}:${f.line}`);
  assert.deepEqual(hop, ['nodes.tf:7']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
});
