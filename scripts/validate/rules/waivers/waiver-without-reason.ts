// waiver-without-reason: a waiver is a written decision, so it says why.
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'waiver-without-reason',
  severity: 'error',
  description: 'An `ignore-check.platform-team.io/<rule>` waiver gives no reason (it waives nothing until it does).',
  scope: 'waiver',
  run({ waiver, owner, known, report }) {
    // A waiver of an unknown rule is waiver-unknown-rule's finding.
    if (known.has(waiver.rule) && waiver.reason === '') report(`${owner}: waiver ${waiver.key} gives no reason; write why the rule does not apply here (until then it waives nothing)`);
  },
});
