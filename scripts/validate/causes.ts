// Cause first: when one broken file makes others fail, the report leads with that file and folds
// what follows from it. A failed render's cause is a file it reads that does not parse, else a
// kustomization it builds on that failed (transitively), else its own failure. Every finding in a
// file that a failed render reads (and every failure of a render that builds on a failed one) is
// folded under that cause: kept, counted and listed in the JSON report, not counted as an error.
//
// A value changed at one place (a namespace, a topic) disagrees with every other place: the rule
// that sees it reports it once where it was changed and marks the disagreements it explains with
// `causedBy`; a change in the typed source also explains the generated lines that still hold the
// old value (`stale`). Those are folded the same way, only when their cause is shown.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KUSTOMIZATION_NAMES, type Kustomization, referencedFiles, referencedKustomizations } from './render.ts';
import type { SourceIndex } from './sources.ts';
import type { Finding } from './types.ts';

/** Where the cause of a folded finding is reported. */
export interface Cause {
  file: string;
  line: number;
  rule: string;
}

export interface FoldedFinding extends Finding {
  causedBy: Cause;
}

/** Findings that are causes in their own right: a file that does not parse is never a consequence. */
const PARSE_RULES = new Set(['yaml-syntax', 'yaml-duplicate-key', 'yaml-tab', 'yaml-limit', 'yaml-alias-limit', 'json-syntax', 'json-duplicate-key']);

export interface RenderFailures {
  root: string;
  kustomizations: Kustomization[];
  /** Directories of the kustomizations whose render failed. */
  failed: string[];
  index: SourceIndex;
}

interface Reach {
  files: Set<string>;
  dirs: Set<string>;
}

/** Files and kustomization directories a kustomization reads, transitively (resources, components, patches). */
function reachOf(root: string, k: Kustomization, index: SourceIndex, memo: Map<string, Reach>): Reach {
  const known = memo.get(k.dir);
  if (known) return known;
  const reach: Reach = { files: new Set([k.file]), dirs: new Set([k.dir]) };
  memo.set(k.dir, reach);
  for (const f of referencedFiles(root, k, index)) reach.files.add(f);
  for (const dir of referencedKustomizations(root, k, index)) {
    const name = KUSTOMIZATION_NAMES.find((n) => existsSync(join(root, dir, n)));
    if (!name) continue;
    const inner = reachOf(root, { dir, file: dir === '.' ? name : `${dir}/${name}` }, index, memo);
    for (const f of inner.files) reach.files.add(f);
    for (const d of inner.dirs) reach.dirs.add(d);
  }
  return reach;
}

const causeOf = (f: Finding): Cause => ({ file: f.file, line: f.line, rule: f.rule });

/**
 * Splits `findings` (sorted by position) into the ones to act on and the consequences folded under
 * a cause among them. A cause that is not among `findings` (outside a path run's paths) folds
 * nothing, so a consequence is never hidden behind a cause the report does not show.
 */
export function foldConsequences(findings: Finding[], failures: RenderFailures): { findings: Finding[]; folded: Map<Finding, FoldedFinding> } {
  const declared = foldDeclared(findings);
  const rest = findings.filter((f) => !declared.has(f));
  const rendered = foldRenderConsequences(rest, failures);
  return { findings: rendered.findings, folded: new Map([...declared, ...rendered.folded]) };
}

const keyOf = (c: Cause): string => `${c.file}\0${c.line}\0${c.rule}`;

/**
 * Whether a generated-drift finding is the stale output of a changed source value: the file's line
 * holds an old value, and with the new one in its place it is exactly what the generator writes.
 */
function staleOutput(drift: Finding, stale: NonNullable<Finding['stale']>): boolean {
  const { expected, found } = drift;
  if (expected === undefined || found === undefined) return false;
  const fixed = stale.was.reduce((l, was) => l.split(was).join(stale.now), found);
  return fixed !== found && fixed === expected;
}

/** Folds what rules declared a consequence (`causedBy`) and the generated lines a source change explains (`stale`). */
function foldDeclared(findings: Finding[]): Map<Finding, FoldedFinding> {
  const folded = new Map<Finding, FoldedFinding>();
  const causes = new Map<string, Finding>();
  for (const f of findings) if (!f.causedBy && !causes.has(keyOf(f))) causes.set(keyOf(f), f);
  for (const f of findings) {
    const cause = f.causedBy && causes.get(keyOf(f.causedBy));
    if (cause && cause !== f) folded.set(f, { ...f, causedBy: causeOf(cause) });
  }
  const sourceChanges = [...causes.values()].filter((c) => c.stale && !folded.has(c));
  // A hand edit of a generated file is found twice on its line: by the rule that judges what it says,
  // and as drift. The rule's finding says what is wrong; the drift is folded under it, and it gains
  // the drift's advice.
  const atLine = new Map<string, Finding>();
  for (const f of findings) {
    const at = `${f.file}\0${f.line}`;
    if (f.rule !== 'generated-drift' && f.severity === 'error' && !PARSE_RULES.has(f.rule) && !folded.has(f) && !atLine.has(at)) atLine.set(at, f);
  }
  for (const f of findings) {
    if (f.rule !== 'generated-drift' || folded.has(f)) continue;
    const cause = sourceChanges.find((c) => staleOutput(f, c.stale!)) ?? atLine.get(`${f.file}\0${f.line}`);
    if (!cause) continue;
    folded.set(f, { ...f, causedBy: causeOf(cause) });
    // Amended in place: the finding is the same object in its check's list and in the report.
    if (cause.file === f.file && !cause.message.includes('npm run generate')) cause.message += `; ${f.file} is generated: \`npm run generate\` restores it (change scripts/environments.ts or the generator to change it)`;
  }
  return folded;
}

/** Folds what follows from a failed render under its cause (the file that broke it). */
function foldRenderConsequences(findings: Finding[], failures: RenderFailures): { findings: Finding[]; folded: Map<Finding, FoldedFinding> } {
  if (!failures.failed.length) return { findings, folded: new Map() };
  const { root, index } = failures;
  const memo = new Map<string, Reach>();
  const failed = failures.kustomizations.filter((k) => failures.failed.includes(k.dir));
  const renderFinding = new Map<string, Finding>();
  for (const f of findings) if (f.rule === 'kustomize-build' && failed.some((k) => k.file === f.file) && !renderFinding.has(f.file)) renderFinding.set(f.file, f);
  const parseErrors = new Map<string, Finding>();
  for (const f of findings) if (PARSE_RULES.has(f.rule) && f.severity === 'error' && !parseErrors.has(f.file)) parseErrors.set(f.file, f);

  // The cause of each failed render, innermost first: a broken file it reads, else the cause of a failed kustomization it builds on.
  const rootCause = new Map<string, Finding | null>();
  const causeFor = (k: Kustomization, seen: Set<string>): Finding | null => {
    if (rootCause.has(k.dir)) return rootCause.get(k.dir)!;
    seen.add(k.dir);
    const reach = reachOf(root, k, index, memo);
    let cause: Finding | null = null;
    for (const f of [...reach.files].sort()) {
      const broken = parseErrors.get(f);
      if (broken) {
        cause = broken;
        break;
      }
    }
    if (!cause) {
      for (const inner of failed) {
        if (inner.dir === k.dir || seen.has(inner.dir) || !reach.dirs.has(inner.dir)) continue;
        cause = causeFor(inner, seen);
        if (cause) break;
      }
    }
    cause ??= renderFinding.get(k.file) ?? null;
    rootCause.set(k.dir, cause);
    return cause;
  };
  for (const k of failed) causeFor(k, new Set());

  // A file that a render which did build also reads is judged through that render: its findings are
  // its own, not a consequence of another render's failure (a base file read by a broken prod overlay
  // and a working dev overlay). A file that breaks a render breaks every render that reads it.
  // Only a kustomization nothing else builds on counts: a base is rendered on its own only to find
  // which part of a failed overlay broke, and its solo render (without the overlay's image pins and
  // generated ConfigMaps) judges nothing.
  const builtOn = new Set<string>();
  for (const k of failures.kustomizations) for (const dir of referencedKustomizations(root, k, index)) if (dir !== k.dir) builtOn.add(dir);
  const readByWorking = new Set<string>();
  for (const k of failures.kustomizations) {
    if (failures.failed.includes(k.dir) || builtOn.has(k.dir)) continue;
    for (const f of reachOf(root, k, index, memo).files) readByWorking.add(f);
  }
  // Which cause owns a file: the one of the innermost failed render that reads it.
  const owner = new Map<string, Finding>();
  const bySize = [...failed].sort((a, b) => reachOf(root, a, index, memo).files.size - reachOf(root, b, index, memo).files.size);
  for (const k of bySize) {
    const cause = rootCause.get(k.dir);
    if (!cause) continue;
    for (const f of reachOf(root, k, index, memo).files) if (!owner.has(f) && !readByWorking.has(f)) owner.set(f, cause);
  }

  const kept: Finding[] = [];
  const folded = new Map<Finding, FoldedFinding>();
  const causes = new Set([...rootCause.values()].filter((c): c is Finding => c !== null));
  for (const f of findings) {
    // An unknown field (a typo) is a mistake of the file itself: no kustomize transformation removes it,
    // so it stays in view beside a missing file. Other schema findings on a manifest read without its
    // render (a selector the kustomization's labels would add) can be consequences, and are folded.
    const independent = PARSE_RULES.has(f.rule) || f.rule === 'k8s-unknown-field';
    const cause = causes.has(f) || independent ? null : owner.get(f.file);
    if (cause && cause !== f) folded.set(f, { ...f, causedBy: causeOf(cause) });
    else kept.push(f);
  }
  return { findings: kept, folded };
}
