// waiver-unknown-rule: a waiver names a rule that exists (a misspelt one waives nothing).
import { didYouMean } from '../../did-you-mean.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'waiver-unknown-rule',
  severity: 'error',
  description: 'An `ignore-check.platform-team.io/<rule>` waiver names a rule that does not exist.',
  scope: 'waiver',
  run({ waiver, owner, known, report }) {
    if (!known.has(waiver.rule)) report(`${owner}: waiver ${waiver.key} names no known rule${didYouMean(waiver.rule, known)} (known: see the README's rule table)`);
  },
});
