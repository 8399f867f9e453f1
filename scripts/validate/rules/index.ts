// The cross-check rules of `npm run validate` (issue 7): what no single-file validator can see.
// The registry runs these once, after rendering, with every render. Each check runs the rules of
// one or two scopes (rules/rule.ts); the rules themselves are listed in rules/all.ts.
import type { CheckResult, ObjectCheck, ObjectContext, SkippedCheck } from '../types.ts';
import { RULE_IDS, RULES } from './catalog.ts';
import type { Scope } from './rule.ts';
import { ofScope, runApplicationRules, runObjectRules, runPlaceRules, runWaiverRules } from './run.ts';
import { loadFacts } from './layers/facts.ts';
import { severityOf } from './settings.ts';
import { FindingSink } from './sink.ts';

export { RULES, RULE_IDS, ruleTableMarkdown } from './catalog.ts';
export type { Rule } from './rule.ts';

const POLICIES: ReadonlySet<string> = new Set(RULES.filter((r) => r.policy).map((r) => r.id));

/** What running one scope's rules yields beside findings: objects examined, checks that could not run. */
interface ScopeRun {
  objects?: number;
  skipped?: SkippedCheck[];
}

/** How each scope's rules are run: one driver per scope, none per rule. */
const DRIVERS: { [S in Scope]: (ctx: ObjectContext, sink: FindingSink) => ScopeRun | Promise<ScopeRun> } = {
  // The facts tell a reference broken by an overlay's changed namespace from one missing of its own (layers/namespace.ts).
  'rendered-object': async (ctx, sink) => ({ objects: runObjectRules(ctx, ofScope(RULES, 'rendered-object'), false, sink, (await loadFacts(ctx.root)).facts) }),
  // The facts decide which renders are production (rules/renders.ts); what kept them from being read is reported by the place rules.
  object: async (ctx, sink) => ({ objects: runObjectRules(ctx, ofScope(RULES, 'object'), true, sink, (await loadFacts(ctx.root)).facts) }),
  place: async (ctx, sink) => ({ skipped: await runPlaceRules(ctx, ofScope(RULES, 'place'), sink) }),
  application: async (ctx, sink) => (runApplicationRules(ctx, ofScope(RULES, 'application'), sink, (await loadFacts(ctx.root)).facts), {}),
  waiver: (ctx, sink) => (runWaiverRules(ctx, ofScope(RULES, 'waiver'), RULE_IDS, sink), {}),
};

async function runScopes(ctx: ObjectContext, scopes: readonly Scope[]): Promise<CheckResult> {
  const sink = new FindingSink(severityOf(RULES, ctx.config?.rules), POLICIES);
  let objects: number | undefined;
  const skipped: SkippedCheck[] = [];
  for (const scope of scopes) {
    const run = await DRIVERS[scope](ctx, sink);
    objects = run.objects ?? objects;
    skipped.push(...(run.skipped ?? []));
  }
  return { findings: sink.findings(), skipped, ...(objects === undefined ? {} : { objects }) };
}

export const crossChecks: ObjectCheck[] = [
  {
    id: 'cross-render',
    description: 'References inside each rendered overlay: Service/PDB/NetworkPolicy selectors, target and probe ports, headless Services, referenced ConfigMaps/Secrets/PVCs/ServiceAccounts, duplicate env',
    run: (ctx) => runScopes(ctx, ['rendered-object']),
  },
  {
    id: 'cross-defaults',
    description: 'Security and reliability defaults (kube-linter style): valid and pinned images, resources, probes, security context, host access, PDBs, prod anti-affinity, token automount',
    run: (ctx) => runScopes(ctx, ['object']),
  },
  {
    id: 'cross-layers',
    description: 'Agreement across Kubernetes, config/<env> and compose: Kafka topic and brokers, Logstash index, Prometheus targets, Elasticsearch and Grafana URLs, Argo CD paths and namespaces, image versions',
    run: (ctx) => runScopes(ctx, ['place', 'application']),
  },
  {
    id: 'cross-waivers',
    description: 'Every ignore-check.platform-team.io/<rule> waiver names a known rule and gives a reason',
    run: (ctx) => runScopes(ctx, ['waiver']),
  },
];
