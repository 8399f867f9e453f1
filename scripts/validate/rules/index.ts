// The cross-check rules of `npm run validate` (issue 7): what no single-file validator can see.
// The registry runs these once, after rendering, with every render.
import type { CheckResult, ObjectCheck, ObjectContext, Render } from '../types.ts';
import { loadComposeStacks } from './compose.ts';
import { defaultsRules } from './defaults.ts';
import { readExternal } from './external.ts';
import { checkArgoApplications } from './layers/argocd.ts';
import { checkElasticsearchUrls, checkGrafanaDatasources } from './layers/endpoints.ts';
import { loadFacts } from './layers/facts.ts';
import { checkImageDrift } from './layers/images.ts';
import { checkIndex } from './layers/index-name.ts';
import { checkKafka } from './layers/kafka.ts';
import { ComposePlace, KubePlace, type Place } from './layers/place.ts';
import { checkPrometheusTargets } from './layers/prometheus.ts';
import { Locator, sourcesOf } from './locate.ts';
import { environmentOf, rootRenders } from './renders.ts';
import { RenderScope } from './scope.ts';
import { FindingSink } from './sink.ts';
import { checkWaivers } from './waiver-check.ts';
import { withinRenderRules } from './within-render.ts';

export { RULES, ruleTableMarkdown, type RuleInfo } from './catalog.ts';

type ScopeRule = (s: RenderScope) => void;

/** Plain manifests (outside any kustomization) are judged as one group for the per-object defaults. */
const plainRender = (ctx: ObjectContext): Render => ({ dir: '(plain manifests)', file: '', objects: ctx.plain });

function runScopes(ctx: ObjectContext, rules: readonly ScopeRule[], includePlain: boolean): CheckResult {
  const locator = new Locator(sourcesOf(ctx));
  const sink = new FindingSink();
  const external = readExternal(ctx);
  const renders = rootRenders(ctx.renders, locator.sources);
  if (includePlain && ctx.plain.length > 0) renders.push(plainRender(ctx));
  for (const render of renders) {
    const scope = new RenderScope(render, sink, locator, external);
    for (const rule of rules) rule(scope);
  }
  return { findings: sink.findings(), skipped: [], objects: renders.reduce((n, r) => n + r.objects.length, 0) };
}

/** The places each environment runs in: its overlay render(s), and for the compose stack's environment, the stack. */
function places(ctx: ObjectContext, locator: Locator, composeEnv: string): { env: string; places: Place[] }[] {
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

async function runLayers(ctx: ObjectContext): Promise<CheckResult> {
  const locator = new Locator(sourcesOf(ctx));
  const sink = new FindingSink();
  const { facts, skipped } = await loadFacts(ctx.root);
  for (const { env, places: ps } of places(ctx, locator, facts?.composeEnv ?? 'dev')) {
    const envFacts = facts?.envs.get(env);
    for (const place of ps) {
      checkKafka(place, envFacts, facts?.file, sink);
      checkIndex(place, envFacts, facts?.file, sink);
      checkPrometheusTargets(place, sink);
      checkElasticsearchUrls(place, sink);
      checkGrafanaDatasources(place, sink);
    }
    const kube = ps.filter((p) => p instanceof KubePlace);
    for (const compose of ps.filter((p) => p instanceof ComposePlace)) for (const k of kube) checkImageDrift(compose, k, sink);
  }
  checkArgoApplications(ctx, locator, sink);
  return { findings: sink.findings(), skipped };
}

export const crossChecks: ObjectCheck[] = [
  {
    id: 'cross-render',
    description: 'References inside each rendered overlay: Service/PDB/NetworkPolicy selectors, target and probe ports, headless Services, referenced ConfigMaps/Secrets/PVCs/ServiceAccounts, duplicate env',
    run: async (ctx) => runScopes(ctx, withinRenderRules, false),
  },
  {
    id: 'cross-defaults',
    description: 'Security and reliability defaults (kube-linter style): pinned images, resources, probes, security context, host access, PDBs, prod anti-affinity, token automount',
    run: async (ctx) => runScopes(ctx, defaultsRules, true),
  },
  {
    id: 'cross-layers',
    description: 'Agreement across Kubernetes, config/<env> and compose: Kafka topic and brokers, Logstash index, Prometheus targets, Elasticsearch and Grafana URLs, Argo CD paths and namespaces, image versions',
    run: runLayers,
  },
  {
    id: 'cross-waivers',
    description: 'Every ignore-check.platform-team.io/<rule> waiver names a known rule and gives a reason',
    run: async (ctx) => checkWaivers(ctx),
  },
];
