// The Kubernetes schema check: every object, plain or rendered, against the schema of its kind at
// the target Kubernetes version, strictly (unknown fields are errors), with removed and deprecated
// API versions named along with their replacement.
import { cacheKey } from '../cache.ts';
import { pathToString } from '../paths.ts';
import { nearest } from '../../lib/did-you-mean.ts';
import type { CheckResult, Finding, KubeObject, ObjectCheck, ObjectContext, Severity, SkippedKind } from '../types.ts';
import { crdSchemas } from './crd.ts';
import { deprecationOf, unavailableOf } from './deprecated.ts';
import { describeErrors, type SchemaProblem } from './errors.ts';
import { expandLists, type Checked } from './lists.ts';
import { modelForKind, saveFieldLists, unknownFields } from './fields.ts';
import { catalogueRelease, kindSchema, knownApiVersions, knownKinds, prefetchSchemas, versionsOfKind, type KindSchema } from './schemas.ts';
import { SchemaVerdicts, type Verdict } from './verdicts.ts';

/** Kinds that are kustomize's own configuration, not objects sent to a cluster. */
export const KUSTOMIZE_KINDS = new Set(['Kustomization', 'Component']);

const isSkipped = (skips: SkippedKind[], apiVersion: string, kind: string): boolean =>
  skips.some((s) => s.kind === kind && (s.apiVersion === undefined || s.apiVersion === apiVersion));

type Located = Omit<Verdict, 'shown'>;

/** Per apiVersion, per kind. */
type Verdicts = Map<string, Map<string, KindVerdict>>;

/** What depends only on an object's apiVersion and kind, worked out once per kind in a run. */
interface KindVerdict {
  /** validate.config.yaml lists the kind under kubernetes.skipKinds. */
  skipped: boolean;
  deprecation: ReturnType<typeof deprecationOf>;
  unavailable: string | null;
  /** Undefined until loaded; null when there is none. */
  schema: KindSchema | null | undefined;
  model: string | null | undefined;
}

async function loadVerdict(verdict: KindVerdict, apiVersion: string, kind: string, cache: boolean): Promise<void> {
  if (verdict.schema === undefined) verdict.schema = await kindSchema(apiVersion, kind);
  if (verdict.model === undefined) verdict.model = verdict.schema && verdict.schema.source !== 'crd' ? await modelForKind(apiVersion, kind, cache) : null;
}

/**
 * The findings of one object. Synchronous once its kind's schema and field list are loaded (every
 * object after the first of a kind, and all of them after prefetchKinds): awaiting per object cost
 * a measurable share of this check on large trees.
 */
function checkObject(checked: Checked, ctx: ObjectContext, verdicts: Verdicts, crds: Map<string, KindSchema>): Located[] | 'skipped' | Promise<Located[] | 'skipped'> {
  const { obj, within } = checked;
  const out: Located[] = [];
  const report = (path: ReadonlyArray<string | number>, rule: string, message: string, severity: Severity = 'error'): void => {
    const location = within ? ctx.sources?.locateObjectField(within.list, [...within.path, ...path]) : ctx.sources?.locateObjectField(obj, path);
    out.push({ location: location ?? obj.source, severity, rule, message });
  };
  const { apiVersion, kind } = obj;
  if (!apiVersion || !kind) {
    const missing = !apiVersion ? 'apiVersion' : 'kind';
    const typo = Object.keys(obj.body).find((k) => k !== missing && nearest(k, [missing]) === missing);
    const hint = typo ? `; "${typo}" looks like a misspelling of it` : '';
    report(typo ? [typo] : [], 'k8s-missing-type', `object has no ${missing}${hint}; every Kubernetes object needs apiVersion and kind`);
    return out;
  }

  // By apiVersion, then kind: no key string to build and hash for each of thousands of objects.
  let byKind = verdicts.get(apiVersion);
  if (!byKind) verdicts.set(apiVersion, (byKind = new Map()));
  let verdict = byKind.get(kind);
  if (!verdict) {
    const { kubeVersion } = ctx.options;
    const crd = crds.get(`${apiVersion}/${kind}`);
    verdict = {
      skipped: isSkipped(ctx.config?.skipKinds ?? [], apiVersion, kind),
      deprecation: deprecationOf(apiVersion, kind, kubeVersion),
      unavailable: unavailableOf(apiVersion, kind, kubeVersion),
      schema: crd,
      model: crd ? null : undefined,
    };
    byKind.set(kind, verdict);
  }
  if (verdict.skipped) return 'skipped';
  if (verdict.schema === undefined || verdict.model === undefined) {
    return loadVerdict(verdict, apiVersion, kind, ctx.options.cache).then(() => checkObject(checked, ctx, verdicts, crds));
  }

  const { deprecation, unavailable, schema, model } = verdict;
  if (deprecation) {
    report(['apiVersion'], 'k8s-deprecated-api', deprecation.message, deprecation.severity);
    if (deprecation.removed) return out;
  }
  if (unavailable) report(['apiVersion'], 'k8s-api-unavailable', unavailable);

  if (!schema) {
    const kinds = knownKinds(apiVersion);
    const versions = versionsOfKind(kind, knownApiVersions(), apiVersion).filter((v) => !deprecationOf(v, kind, ctx.options.kubeVersion)?.removed);
    if (versions.length) {
      // The catalogue knows the versions of one release: a newer one may serve the kind.
      const release = catalogueRelease(versions[0]!, kind);
      const message = release
        ? `${apiVersion} ${kind} is not in the catalogue of operators' kinds (${release}, which has apiVersion ${versions.join(' or ')}): use that apiVersion, or list the CRD of the version you deploy under kubernetes.crds in validate.config.yaml`
        : `${apiVersion} does not serve ${kind}: use apiVersion ${versions.join(' or ')}`;
      report(['apiVersion'], 'k8s-unknown-kind', message);
      return out;
    }
    const guess = nearest(kind, kinds);
    // Tools borrow the apiVersion/kind header for their own config files (kind's Cluster,
    // kube-scheduler's Policy, flux's .fluxschema.yml) but give them no metadata: every object the
    // API server stores has one. Such a file is not sent to a cluster, so an unknown kind there is
    // not a mistake, unless the kind is a near miss of one its apiVersion serves.
    if (obj.body.metadata === undefined && !guess) return out;
    const hint = guess ? `; did you mean ${guess}?` : '';
    report(
      ['kind'],
      'k8s-unknown-kind',
      `no schema for ${apiVersion} ${kind}${hint} (a custom kind needs its CRD listed under kubernetes.crds, or the kind under kubernetes.skipKinds, in validate.config.yaml)`,
    );
    return out;
  }

  // The schema leaves metadata.name optional (generateName is the alternative), but kubectl apply and
  // Argo CD need a name to tell an update from a create.
  const metadata = obj.body.metadata as Record<string, unknown> | undefined;
  if (!metadata?.name && !metadata?.generateName && !kind.endsWith('List')) {
    report(metadata ? ['metadata'] : [], 'k8s-required-field', 'metadata.name: required field "name" is missing (kubectl apply and Argo CD need it)');
  }

  const valid = schema.validate(obj.body);
  const problems: SchemaProblem[] = valid ? [] : describeErrors(schema.validate.errors ?? [], obj.body);
  for (const p of problems) report(p.path, p.rule, p.message);

  if (model) {
    for (const u of unknownFields(model, obj.body)) {
      const field = String(u.path[u.path.length - 1]);
      const guess = nearest(field, u.known);
      const hint = guess ? `; did you mean "${guess}"?` : `; valid fields here: ${u.known.join(', ')}`;
      report(u.path, 'k8s-unknown-field', `${pathToString(u.path)}: unknown field "${field}"${hint}`);
    }
  }
  return out;
}

/** What a kept verdict was reached under, besides the file's text (verdicts.ts). */
function verdictContext(ctx: ObjectContext, crds: Map<string, KindSchema>): string {
  return cacheKey(ctx.options.kubeVersion, JSON.stringify(ctx.config?.skipKinds ?? []), [...crds.keys()].sort().join('\n'));
}

const isKustomizeOwn = (obj: KubeObject): boolean => KUSTOMIZE_KINDS.has(obj.kind) && obj.apiVersion.startsWith('kustomize.config.k8s.io/');

/** Plain objects by the file they are written in, in the order first met. */
function byFile(objects: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const list = out.get(o.source.file);
    if (list) list.push(o);
    else out.set(o.source.file, [o]);
  }
  return out;
}

export const kubernetesSchemaCheck: ObjectCheck = {
  id: 'kubernetes-schema',
  description: 'Kubernetes objects (plain manifests and kustomize renders) against their kind\'s schema, strictly',
  async run(ctx: ObjectContext): Promise<CheckResult> {
    const crds = await crdSchemas(ctx);
    const findings: Finding[] = [...crds.findings];
    const seen = new Set<string>();
    const verdicts: Verdicts = new Map();
    let objects = 0;
    const emit = (v: Verdict): void => {
      // The same mistake in a base reaches every overlay's render: report it once, where it is written.
      const key = `${v.location.file}:${v.location.line}:${v.location.column}:${v.rule}:${v.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ ...v.location, severity: v.severity, rule: v.rule, message: `${v.message} (${v.shown})` });
    };
    /** The findings of objects, and whether they may be kept (none was checked against a CRD's schema). */
    const check = async (checked: Checked[]): Promise<{ found: Verdict[]; keepable: boolean }> => {
      const found: Verdict[] = [];
      let keepable = true;
      for (const one of checked) {
        const { obj } = one;
        if (isKustomizeOwn(obj)) continue;
        objects++;
        const result = checkObject(one, ctx, verdicts, crds.schemas);
        const located = result instanceof Promise ? await result : result;
        if (verdicts.get(obj.apiVersion)?.get(obj.kind)?.schema?.source === 'crd') keepable = false;
        if (located === 'skipped') continue;
        const name = obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name;
        const shown = name ? `${obj.kind} ${name}` : obj.kind;
        for (const r of located) found.push({ ...r, shown });
      }
      return { found, keepable };
    };

    const store = await SchemaVerdicts.open(ctx.root, verdictContext(ctx, crds.schemas), ctx.options.cache, ctx.options.partial ?? false);
    const sourceFiles = new Map(ctx.files.map((f) => [f.path, f]));
    for (const [path, objs] of byFile(ctx.plain)) {
      const file = sourceFiles.get(path);
      const kept = file && store ? store.get(file) : null;
      if (kept) {
        for (const one of expandLists(objs)) if (!isKustomizeOwn(one.obj)) objects++;
        kept.forEach(emit);
        continue;
      }
      const { found, keepable } = await check(expandLists(objs));
      found.forEach(emit);
      // Kept only when every finding is placed in the file itself: its text is all the key covers.
      if (file && store && keepable && found.every((v) => v.location.file === path)) store.put(file, found);
    }
    (await check(expandLists(ctx.renders.flatMap((r) => r.objects)))).found.forEach(emit);
    await Promise.all([store?.save(), saveFieldLists()]);
    return { findings, skipped: [], objects };
  },
};

/**
 * Loads the schemas and field lists of the given kinds: module loading is most of this check's cost
 * on a first run, and it can overlap other work (parsing, kustomize's renders). Resolves when
 * all are loaded; a kind without a schema is remembered as such, and reported when checked.
 */
export function prefetchKinds(kinds: Iterable<{ apiVersion: string; kind: string }>, cache: boolean): Promise<void> {
  const unique = new Map<string, { apiVersion: string; kind: string }>();
  for (const k of kinds) unique.set(`${k.apiVersion}/${k.kind}`, k);
  const loading: Array<Promise<unknown>> = [prefetchSchemas(unique.values())];
  // A load that fails here is only a head start lost: the check loads the kind again when it meets an
  // object of it, and reports the failure at that object.
  for (const { apiVersion, kind } of unique.values()) loading.push(modelForKind(apiVersion, kind, cache).then(() => undefined, () => undefined));
  return Promise.all(loading).then(() => undefined);
}

const TYPE_LINE = /^(apiVersion|kind):[ \t]*["']?([A-Za-z0-9./-]+)/gm;

/**
 * The apiVersion/kind pairs a text names at the top level, found without parsing it (each kind paired
 * with the apiVersion before it): a guess, good enough to start loading schemas before the parse ends.
 */
export function scanKinds(text: string): Array<{ apiVersion: string; kind: string }> {
  const out: Array<{ apiVersion: string; kind: string }> = [];
  let apiVersion = '';
  for (const m of text.matchAll(TYPE_LINE)) {
    if (m[1] === 'apiVersion') apiVersion = m[2]!;
    else if (apiVersion) out.push({ apiVersion, kind: m[2]! });
  }
  return out;
}
