// What a cross-check rule is: one declaration (id, severity, description, scope) and one `run`
// taking the input of its scope. Every rule is a file of its own under rules/<group>/<rule-id>.ts,
// listed by one line in rules/all.ts; rules/run.ts feeds each scope's inputs to its rules, so no
// rule is wired by hand. Modelled on kube-linter's checks: small, declarative, self-describing.
import type { KubeObject, ObjectContext, Severity, SourceLocation } from '../types.ts';
import type { AppSource, AppView } from './argocd/applications.ts';
import type { FieldPath, PodTemplateView } from './kube.ts';
import type { EnvFacts, Facts } from './layers/facts.ts';
import type { Place } from './layers/place.ts';
import type { RenderScope } from './scope.ts';
import type { FindingLinks } from './sink.ts';
import type { WaiverScope } from './waivers.ts';

/** One object, with the render it is judged in. */
export interface ObjectInput {
  object: KubeObject;
  /** Its pod template, when it is a workload (or a Pod). */
  pod: PodTemplateView | undefined;
  /** Every object of the same render, indexed for lookups (plain manifests form one render). */
  render: RenderScope;
  /**
   * Reports on a field of the object; waivable on it and on the extra objects named. `container`
   * names the container the finding is about, for waivers scoped to one container.
   */
  report(path: FieldPath, message: string, options?: { also?: readonly KubeObject[]; container?: string; causedBy?: FindingLinks['causedBy'] }): void;
  /** Where a field of an object of the render is written (in a patch that set it): a cause's place, for `causedBy`. */
  at(object: KubeObject, path: FieldPath): SourceLocation;
}

/** One place an environment runs in (a rendered overlay or the compose stack), with what the environment must use. */
export interface PlaceInput {
  place: Place;
  /** Every place of the same environment, this one included. */
  places: readonly Place[];
  /** What scripts/environments.ts says of this environment; absent when it cannot be read. */
  facts: EnvFacts | undefined;
  factsFile: string | undefined;
  /** The whole run, for rules that compare a place with what other files say (Argo CD Applications). */
  ctx: ObjectContext;
  /**
   * `links` ties the finding to its cause (causes.ts folds it there); `environmentWide` marks a finding
   * about the environment itself (the typed source), which is the same whichever place found it.
   */
  report(at: SourceLocation, message: string, waivers: WaiverScope, options?: FindingLinks & { environmentWide?: boolean }): void;
}

/** One Argo CD Application (or one element of an ApplicationSet list generator) and its sources. */
export interface ApplicationInput {
  app: AppView;
  sources: readonly AppSource[];
  /** Is a source's (normalised) repoURL this repository? Sources of other repositories are not checked here. */
  isThisRepository(repo: string | undefined): boolean;
  ctx: ObjectContext;
  /** What scripts/environments.ts says of the environments; absent when the tree has none. */
  facts: Facts | undefined;
  report(path: FieldPath, message: string, links?: FindingLinks): void;
}

/** One `ignore-check.platform-team.io/<rule>` waiver, on an object, pod template or compose service. */
export interface WaiverInput {
  waiver: { key: string; rule: string; reason: string; containers?: string[] };
  /** e.g. `Deployment web pod template`, `compose service kafka`. */
  owner: string;
  /** Every rule id, for judging the waiver's. */
  known: ReadonlySet<string>;
  report(message: string): void;
}

/** What each scope hands its rules. */
export interface ScopeInputs {
  /** Every object of every applied render, and every plain manifest (policy on single objects). */
  object: ObjectInput;
  /** Every object of every applied render (references between the objects of one render). */
  'rendered-object': ObjectInput;
  /** Every place of every environment (agreement across Kubernetes, config/<env> and compose). */
  place: PlaceInput;
  /** Every Argo CD Application. */
  application: ApplicationInput;
  /** Every waiver. */
  waiver: WaiverInput;
}

export type Scope = keyof ScopeInputs;

export interface RuleOf<S extends Scope> {
  /** Kebab-case, stable: it names the rule in findings, waivers, validate.config.yaml and flags. */
  id: string;
  /** Severity unless validate.config.yaml says otherwise. */
  severity: Severity;
  /** One line, for the README's rule table. */
  description: string;
  scope: S;
  /**
   * An opinion of this platform on how workloads should run (probes, resources, pinned images, …),
   * not a mistake Kubernetes, kustomize or Argo CD would reject. Other repositories often differ on
   * purpose, so each of its findings ends by saying how to turn the rule off.
   */
  policy?: true;
  /** Object scopes only: the kinds the rule looks at (default every kind). */
  kinds?: readonly string[];
  run(input: ScopeInputs[S]): void;
}

export type Rule = { [S in Scope]: RuleOf<S> }[Scope];

/** Declares a rule; the scope's input type follows from `scope`. */
export const defineRule = <S extends Scope>(rule: RuleOf<S>): RuleOf<S> => rule;
