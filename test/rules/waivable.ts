// The three specifications every rule shares: it flags its mistake at the right file and line; a
// waiver with a reason silences it; a waiver without a reason is itself a finding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../scripts/validate/types.ts';
import { addWaiver, fixtureContext, runRules, type WaiverTarget } from './context.ts';

export interface RuleCase {
  rule: string;
  /** What the fixture gets wrong, for the test name. */
  mistake: string;
  fixture: string;
  file: string;
  line: number;
  /** Objects (or compose services) whose waiver silences the finding. */
  waive: WaiverTarget[];
}

const at = (findings: Finding[], c: RuleCase): Finding[] => findings.filter((f) => f.rule === c.rule && f.file === c.file && f.line === c.line);

const show = (findings: Finding[]): string => findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`).join('\n');

export function specifyRule(c: RuleCase): void {
  test(`${c.rule}: flags ${c.mistake} at ${c.file}:${c.line}`, async () => {
    const findings = await runRules(fixtureContext(c.fixture));
    assert.equal(at(findings, c).length, 1, `expected one ${c.rule} at ${c.file}:${c.line}, got:\n${show(findings)}`);
  });

  test(`${c.rule}: a waiver with a reason silences it`, async () => {
    const ctx = fixtureContext(c.fixture);
    addWaiver(ctx, c.rule, 'accepted in this fixture, because the test says so', c.waive);
    const findings = await runRules(ctx);
    assert.deepEqual(at(findings, c), []);
    assert.deepEqual(findings.filter((f) => f.rule.startsWith('waiver-')), []);
  });

  test(`${c.rule}: a waiver without a reason is flagged and waives nothing`, async () => {
    const ctx = fixtureContext(c.fixture);
    addWaiver(ctx, c.rule, '', c.waive);
    const findings = await runRules(ctx);
    assert.equal(at(findings, c).length, 1, show(findings));
    const unexplained = findings.filter((f) => f.rule === 'waiver-without-reason');
    assert.ok(unexplained.length >= 1, show(findings));
    assert.ok(unexplained.every((f) => f.message.includes(`ignore-check.platform-team.io/${c.rule}`)), show(unexplained));
  });
}
