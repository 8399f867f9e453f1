// The data that flows through `npm run validate`: discover → parse → render → check → report.
// Every check module consumes a Context and returns a CheckResult; nothing else is shared.
import type { FieldPath } from './paths.ts';

export type Severity = 'error' | 'warning';

/** One mistake, located as precisely as its source allows (1-based line and column; 0 when unknown). */
export interface Finding {
  /** Repository-relative POSIX path. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable kebab-case id, e.g. `yaml-syntax`, `k8s-unknown-field`, `promtool-config`. */
  rule: string;
  message: string;
  /**
   * Set by a rule that knows its finding follows from another one it reports (a value changed at one
   * place and disagreeing everywhere else): causes.ts folds it under that cause when the cause is shown.
   */
  causedBy?: { file: string; line: number; rule: string };
  /**
   * Set on a cause that is a value changed in the typed source: generated lines that hold one of
   * `was` where `now` would be written are stale output of the same change (causes.ts).
   */
  stale?: { was: string[]; now: string };
  /**
   * Set on a finding about one line whose right text is known (generated-drift): the whole line as it
   * should be and as it is, untrimmed. Absent past the end of a file.
   */
  expected?: string;
  found?: string;
}

/** A check that could not run because an external tool or input is missing. Never silent. */
export interface SkippedCheck {
  check: string;
  reason: string;
  /** What the user does to make it run, e.g. `apt-get install -y shellcheck`. */
  fix: string;
}

export interface CheckResult {
  findings: Finding[];
  skipped: SkippedCheck[];
  /** Kubernetes (or other) objects examined, for the summary line. */
  objects?: number;
}

export type FileKind =
  | 'yaml'
  | 'json'
  /** JSON with comments and trailing commas (tsconfig.json, .vscode/*.json, *.jsonc). */
  | 'jsonc'
  /** A Go template under a Helm chart's templates/: not YAML until helm renders it. */
  | 'helm-template'
  | 'terraform'
  | 'terraform-vars'
  | 'shell'
  | 'logstash'
  | 'dockerfile'
  | 'properties'
  | 'other';

/** A file found by discovery. `text` is read once and shared by every check. */
export interface SourceFile {
  /** Repository-relative POSIX path. */
  path: string;
  absPath: string;
  kind: FileKind;
  text: string;
}

export interface ValidateOptions {
  /** Kubernetes minor version to validate against, e.g. `1.33`. */
  kubeVersion: string;
  /** A check that cannot run is an environment error (exit 2) instead of a notice. */
  requireAll: boolean;
  /**
   * Whether the run may read and write what the validator keeps between runs (check verdicts,
   * renders, the parse pack, the generator's output, terraform's init); `--no-cache` says no.
   */
  cache: boolean;
  /**
   * The run validates part of the tree (named paths, `--changed`): the caches keep what they hold
   * for the rest, so the next whole-tree run is as warm as before.
   */
  partial?: boolean;
}

export interface Context {
  /** Absolute path of the repository root. */
  root: string;
  /** Every discovered file under the paths being validated. */
  files: SourceFile[];
  options: ValidateOptions;
  /** validate.config.yaml; absent in contexts built by hand (tests), which then mean the defaults. */
  config?: ValidateConfig;
}

export interface Check {
  /** Short id, shown when the check is skipped, e.g. `shellcheck`. */
  id: string;
  description: string;
  run(ctx: Context): Promise<CheckResult>;
}

export const emptyResult = (): CheckResult => ({ findings: [], skipped: [] });

/** Where a Kubernetes object was written: the source manifest and line, even when it came out of a render. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One Kubernetes object, from a plain manifest or out of a kustomize render. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  /** metadata.name; `<generateName>*` for an object named by the API server (sources.ts shownName). */
  name: string;
  namespace?: string;
  /** The whole object as parsed / rendered (origin annotations removed). */
  body: Record<string, unknown>;
  source: SourceLocation;
  /** Repository-relative patch files of the kustomizations that transformed the object (rendered objects only). */
  patchedBy?: string[];
}

/** The output of one kustomization (a directory holding kustomization.yaml). */
export interface Render {
  /** Repository-relative directory of the kustomization. */
  dir: string;
  /** Repository-relative path of its kustomization file. */
  file: string;
  objects: KubeObject[];
}

/**
 * The run's source files, parsed once, as the object checks ask about them (sources.ts SourceIndex
 * implements it): a file's text, and where a field of an object or of a plain file is written.
 */
export interface Sources {
  readonly root: string;
  /** A file's text; undefined when it does not exist. */
  text(path: string): string | undefined;
  /** Where a field of an object is written: a patch that set it, else the object's own document. */
  locateObjectField(obj: KubeObject, fieldPath: FieldPath): SourceLocation;
  /** A field of a plain YAML file, by path within one of its documents. */
  locateInFile(path: string, fieldPath: FieldPath, docIndex?: number): SourceLocation;
}

/** What object-level checks (schemas, cross-checks) see: every render plus plain manifests outside any kustomization. */
export interface ObjectContext extends Context {
  renders: Render[];
  plain: KubeObject[];
  /**
   * The run's source files, parsed once: where a field of an object is written (its source document,
   * or a patch that set it). Absent in contexts built by hand; `SourceIndex.forContext` builds one.
   */
  sources?: Sources;
}

/** A check over rendered objects; run once after rendering, with every render. */
export interface ObjectCheck {
  id: string;
  description: string;
  run(ctx: ObjectContext): Promise<CheckResult>;
}

/** A kind validated without a schema on purpose (validate.config.yaml `kubernetes.skipKinds`). */
export interface SkippedKind {
  /** `group/version`; absent means every version of the kind. */
  apiVersion?: string;
  kind: string;
  reason: string;
}

/** An object the repository refers to but never defines, because it is created out of band (e.g. a Secret). */
export interface ExternalObject {
  kind: string;
  name: string;
  /** Absent means any namespace. */
  namespace?: string;
  reason: string;
}

/** validate.config.yaml at the repository root, parsed and checked. */
export interface ValidateConfig {
  /** Repository-relative globs that discovery skips (explicitly named paths are still validated). */
  ignore: string[];
  skipKinds: SkippedKind[];
  /** Repository-relative files holding CustomResourceDefinitions whose schemas validate custom kinds. */
  crds: string[];
  externalObjects: ExternalObject[];
  /** The `rules:` section (parsed by rules/settings.ts); absent means every rule at its own severity. */
  rules?: RuleSettings;
}

/**
 * One layer of rule settings: validate.config.yaml's `rules:` top level, one of its `paths:` entries
 * (only for findings in files matching `files`), or the --enable-rule/--disable-rule flags. Later
 * layers win.
 */
export interface RuleLayer {
  files?: string[];
  enable: string[];
  disable: string[];
  severity: Record<string, Severity>;
  /** Where each rule id is written (`validate.config.yaml:3:5`, `--disable-rule`), for errors. */
  at?: Record<string, string>;
}

/** A custom resource kind whose operator creates pods, and where those pods' labels are written. */
export interface PodMaker {
  /** `group/version` or `group`; absent means any. */
  apiVersion?: string;
  kind: string;
  /** Dotted path to the labels map, `*` for every element of a list, e.g. `spec.nodeSets.*.podTemplate.metadata.labels`. */
  labels: string;
}

export interface RuleSettings {
  layers: RuleLayer[];
  podMakers: PodMaker[];
}
