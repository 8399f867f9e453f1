// waiver-without-reason and waiver-unknown-rule: a waiver is a written decision, so it must say
// why and name a rule that exists.
import type { CheckResult, KubeObject, ObjectContext, SourceLocation } from '../types.ts';
import { RULE_IDS } from './catalog.ts';
import { loadComposeStacks } from './compose.ts';
import { valueAtPath } from '../paths.ts';
import { asRecord, templatePathOf, type FieldPath } from './kube.ts';
import { Locator, sourcesOf } from './locate.ts';
import { FindingSink } from './sink.ts';
import { waiversIn } from './waivers.ts';

export function checkWaivers(ctx: ObjectContext): CheckResult {
  const locator = new Locator(sourcesOf(ctx));
  const sink = new FindingSink();
  const judge = (map: unknown, at: (key: string) => SourceLocation, owner: string): void => {
    for (const w of waiversIn(map)) {
      if (!RULE_IDS.has(w.rule)) sink.report('waiver-unknown-rule', at(w.key), `${owner}: waiver ${w.key} names no known rule (known: see the README's rule table)`);
      else if (w.reason === '') sink.report('waiver-without-reason', at(w.key), `${owner}: waiver ${w.key} gives no reason; write why the rule does not apply here (until then it waives nothing)`);
    }
  };
  const objects: KubeObject[] = [...ctx.renders.flatMap((r) => r.objects), ...ctx.plain];
  for (const o of objects) {
    judge(asRecord(o.body.metadata)?.annotations, (key) => locator.field(o, ['metadata', 'annotations', key]), `${o.kind} ${o.name}`);
    // A workload's pod template (one with a spec, as podTemplateOf takes it) can waive too.
    const template = templatePathOf(o.kind);
    const tpl = template ? asRecord(valueAtPath(o.body, template)) : undefined;
    if (template && tpl?.spec) {
      const path: FieldPath = [...template, 'metadata', 'annotations'];
      judge(asRecord(tpl.metadata)?.annotations, (key) => locator.field(o, [...path, key]), `${o.kind} ${o.name} pod template`);
    }
  }
  for (const stack of loadComposeStacks(ctx, locator)) {
    for (const svc of stack.services) judge(svc.labels, (key) => stack.at(svc.paths.labels[key] ?? ['services', svc.name, 'labels']), `compose service ${svc.name}`);
  }
  return { findings: sink.findings(), skipped: [] };
}
