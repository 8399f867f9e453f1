// Runs rules: hands each scope's inputs (objects, places, applications, waivers) to the rules of
// that scope, and contains a rule that throws to the one input it failed on: reported there as an
// error naming the rule, while every other input and rule is still checked.
import { expandLists, isList } from '../kube/lists.ts';
import type { KubeObject, ObjectContext, Render, SkippedCheck, SourceLocation } from '../types.ts';
import { applications, sourcesOfApp, thisRepository } from './argocd/applications.ts';
import { loadComposeStacks } from './compose.ts';
import { readExternal } from './external.ts';
import { asRecord, templatePathOf, type FieldPath } from './kube.ts';
import { loadFacts, type Facts } from './layers/facts.ts';
import { namespaceDriftOf } from './layers/namespace.ts';
import { ComposePlace, KubePlace, type Place } from './layers/place.ts';
import { Locator, sourcesOf } from './locate.ts';
import { environmentOf, rootRenders } from './renders.ts';
import type { ObjectInput, Rule, RuleOf, Scope } from './rule.ts';
import { RenderScope } from './scope.ts';
import type { FindingLinks, FindingSink } from './sink.ts';
import { valueAtPath } from '../paths.ts';
import { objectScope, waiversIn } from './waivers.ts';

export const ofScope = <S extends Scope>(rules: readonly Rule[], scope: S): RuleOf<S>[] => rules.filter((r): r is Extract<Rule, { scope: S }> => r.scope === scope) as RuleOf<S>[];

/** What the user sees when a rule throws: the rule and the error; the stack only under VALIDATE_DEBUG=1. */
export function failureMessage(rule: string, what: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const stack = process.env.VALIDATE_DEBUG === '1' && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  return `rule ${rule} failed on ${what}: ${message}; everything else was still checked (a bug in the rule: please report it; VALIDATE_DEBUG=1 shows where)${stack}`;
}

/** Runs one rule on one input; a throw becomes a finding at `at`. */
function guarded(sink: FindingSink, rule: string, what: string, at: () => SourceLocation, context: string | undefined, run: () => void): void {
  try {
    run();
  } catch (e) {
    sink.reportFailure(rule, at(), failureMessage(rule, what, e), context);
  }
}

/** Plain manifests (outside any kustomization) are judged as one group by the per-object rules. */
const plainRender = (objects: KubeObject[]): Render => ({ dir: '(plain manifests)', file: '', objects });

/** Runs object rules on every object of every applied render (and of the plain manifests, if asked); returns how many objects. */
export function runObjectRules(ctx: ObjectContext, rules: readonly RuleOf<'object' | 'rendered-object'>[], includePlain: boolean, sink: FindingSink, facts?: Facts): number {
  const locator = new Locator(sourcesOf(ctx));
  const external = readExternal(ctx);
  const renders = rootRenders(ctx.renders, locator.sources);
  // The items of a List are objects of their own (kustomize unwraps them in renders already).
  const listed = new Map<KubeObject, { list: KubeObject; path: (string | number)[] }>();
  let plain = ctx.plain;
  if (ctx.plain.some(isList)) {
    const expanded = expandLists(ctx.plain);
    for (const c of expanded) if (c.within) listed.set(c.obj, c.within);
    plain = expanded.map((c) => c.obj);
  }
  const at = (o: KubeObject, path: FieldPath): SourceLocation => {
    const within = listed.size > 0 ? listed.get(o) : undefined;
    return within ? locator.field(within.list, [...within.path, ...path]) : locator.field(o, path);
  };
  if (includePlain && plain.length > 0) renders.push(plainRender(plain));
  for (const render of renders) {
    const scope = new RenderScope(render, external, ctx.config?.rules?.podMakers ?? [], facts, render.file === '' ? undefined : namespaceDriftOf(ctx, render, facts));
    // Name the render a finding was seen through, except the plain manifests' stand-in one.
    const context = render.file === '' ? undefined : render.dir;
    for (const o of render.objects) {
      // One input per object for all its rules, reporting for the rule running: closures made per
      // object and rule cost more than the rules themselves on trees of thousands of objects.
      let current = '';
      const input: ObjectInput = {
        object: o,
        pod: scope.podOf(o),
        render: scope,
        report(path, message, options = {}) {
          const waivers = options.also ? [...objectScope(o), ...options.also.flatMap(objectScope)] : objectScope(o);
          sink.report(current, at(o, path), message, waivers, context, options.container, options.causedBy ? { causedBy: options.causedBy } : {});
        },
        at,
      };
      for (const rule of rules) {
        if (rule.kinds && !rule.kinds.includes(o.kind)) continue;
        current = rule.id;
        try {
          rule.run(input);
        } catch (e) {
          sink.reportFailure(rule.id, at(o, []), failureMessage(rule.id, `${o.kind} ${o.name}`, e), context);
        }
      }
    }
  }
  return renders.reduce((n, r) => n + r.objects.length, 0);
}

/** The places each environment runs in: its overlay render(s), and for the compose stack's environment, the stack. */
function placesByEnvironment(ctx: ObjectContext, locator: Locator, composeEnv: string): { env: string; places: Place[] }[] {
  const byEnv = new Map<string, Place[]>();
  const add = (env: string, p: Place): void => {
    byEnv.set(env, [...(byEnv.get(env) ?? []), p]);
  };
  for (const r of rootRenders(ctx.renders, locator.sources)) {
    const env = environmentOf(r);
    if (env && r.dir.startsWith('overlays/')) add(env, new KubePlace(r, env, ctx.files, locator));
  }
  for (const stack of loadComposeStacks(ctx, locator).filter((s) => s.file.startsWith('compose/'))) {
    add(composeEnv, new ComposePlace(stack, composeEnv, ctx.root, locator));
  }
  return [...byEnv.entries()].map(([env, ps]) => ({ env, places: ps }));
}

/** Runs the place rules; returns the comparisons that could not be made, with the reason. */
export async function runPlaceRules(ctx: ObjectContext, rules: readonly RuleOf<'place'>[], sink: FindingSink): Promise<SkippedCheck[]> {
  if (rules.length === 0) return [];
  const locator = new Locator(sourcesOf(ctx));
  const { facts, skipped } = await loadFacts(ctx.root);
  for (const { env, places } of placesByEnvironment(ctx, locator, facts?.composeEnv ?? 'dev')) {
    for (const place of places) {
      for (const rule of rules) {
        const input = {
          place,
          places,
          facts: facts?.envs.get(env),
          factsFile: facts?.file,
          ctx,
          report: (at: SourceLocation, message: string, waivers: readonly Record<string, string>[], { environmentWide, ...links }: FindingLinks & { environmentWide?: boolean } = {}) =>
            sink.report(rule.id, at, message, waivers, environmentWide ? undefined : place.label, undefined, links),
        };
        guarded(sink, rule.id, place.label, () => ({ file: place.file, line: 1, column: 1 }), place.label, () => rule.run(input));
      }
    }
  }
  return skipped;
}

export function runApplicationRules(ctx: ObjectContext, rules: readonly RuleOf<'application'>[], sink: FindingSink, facts?: Facts): void {
  if (rules.length === 0) return;
  const locator = new Locator(sourcesOf(ctx));
  const objects = [...ctx.renders.flatMap((r) => r.objects), ...ctx.plain];
  const apps = objects.flatMap(applications).map((app) => ({ app, sources: sourcesOfApp(app) }));
  const isThisRepository = thisRepository(ctx.root, apps.flatMap((a) => a.sources));
  for (const { app, sources } of apps) {
    for (const rule of rules) {
      const report = (path: FieldPath, message: string, links: FindingLinks = {}): void => sink.report(rule.id, locator.field(app.object, path), message, objectScope(app.object), undefined, undefined, links);
      guarded(sink, rule.id, app.label, () => app.object.source, undefined, () => rule.run({ app, sources, isThisRepository, ctx, facts, report }));
    }
  }
}

interface WaiverHolder {
  waivers: ReturnType<typeof waiversIn>;
  at: (key: string) => SourceLocation;
  owner: string;
}

/** Every waiver as written: on objects' annotations, pod templates' annotations and compose services' labels. */
function waiverHolders(ctx: ObjectContext, locator: Locator): WaiverHolder[] {
  const out: WaiverHolder[] = [];
  // Few objects carry a waiver: look first, and make the locating function only for those that do.
  const add = (map: unknown, owner: string, at: () => (key: string) => SourceLocation): void => {
    const waivers = waiversIn(map);
    if (waivers.length > 0) out.push({ waivers, at: at(), owner });
  };
  const objects: KubeObject[] = [...ctx.renders.flatMap((r) => r.objects), ...ctx.plain];
  for (const o of objects) {
    add(asRecord(o.body.metadata)?.annotations, `${o.kind} ${o.name}`, () => (key) => locator.field(o, ['metadata', 'annotations', key]));
    // A workload's pod template (one with a spec, as podTemplateOf takes it) can waive too.
    const template = templatePathOf(o.kind);
    const tpl = template ? asRecord(valueAtPath(o.body, template)) : undefined;
    if (template && tpl?.spec) {
      const path: FieldPath = [...template, 'metadata', 'annotations'];
      add(asRecord(tpl.metadata)?.annotations, `${o.kind} ${o.name} pod template`, () => (key) => locator.field(o, [...path, key]));
    }
  }
  for (const stack of loadComposeStacks(ctx, locator)) {
    for (const svc of stack.services) add(svc.labels, `compose service ${svc.name}`, () => (key) => stack.at(svc.paths.labels[key] ?? ['services', svc.name, 'labels']));
  }
  return out;
}

export function runWaiverRules(ctx: ObjectContext, rules: readonly RuleOf<'waiver'>[], known: ReadonlySet<string>, sink: FindingSink): void {
  if (rules.length === 0) return;
  const locator = new Locator(sourcesOf(ctx));
  for (const holder of waiverHolders(ctx, locator)) {
    for (const waiver of holder.waivers) {
      for (const rule of rules) {
        const report = (message: string): void => sink.report(rule.id, holder.at(waiver.key), message);
        guarded(sink, rule.id, `${holder.owner} waiver ${waiver.key}`, () => holder.at(waiver.key), undefined, () => rule.run({ waiver, owner: holder.owner, known, report }));
      }
    }
  }
}
