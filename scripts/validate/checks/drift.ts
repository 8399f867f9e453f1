// Generated files must equal what `npm run generate` writes from scripts/environments.ts today: a hand
// edit, or a change to the typed source without regenerating, is drift and fails validate.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATE_COMMAND } from '../../generate/header.ts';
import type { GeneratedFile } from '../../generate/index.ts';
import { readOrNull } from '../../generate/write.ts';
import type { Check, CheckResult, Finding } from '../types.ts';

const RULE = 'generated-drift';
const SOURCE = 'scripts/environments.ts';
/** Where `npm run generate` writes (scripts/generate/index.ts): config/<env>/... and compose/compose.yaml. */
export const GENERATED_ROOTS = ['config', 'compose/compose.yaml'];

/** Every generated file, rendered; the generator is loaded only here (it takes about a third of a second). */
async function renderGenerated(): Promise<GeneratedFile[]> {
  return (await import('../../generate/index.ts')).renderAll();
}

export interface LineDifference {
  /** 1-based line of the first difference. */
  line: number;
  expected: string | undefined;
  found: string | undefined;
}

/** The first line where `found` departs from `expected`, or null when they are equal. */
export function firstDifference(expected: string, found: string): LineDifference | null {
  if (expected === found) return null;
  const want = expected.split('\n');
  const got = found.split('\n');
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (want[i] !== got[i]) return { line: i + 1, expected: want[i], found: got[i] };
  }
  // Same lines, different bytes: only line endings can do that (split('\n') keeps a trailing '\r').
  return { line: 1, expected: want[0], found: got[0] };
}

const show = (line: string | undefined): string => {
  if (line === undefined) return 'end of file';
  const text = line.length > 80 ? `${line.slice(0, 77)}...` : line;
  return `\`${text.trim()}\``;
};

/** Compares every generated file with its copy under `root`. */
export async function findDrift(root: string, given?: GeneratedFile[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const files = given ?? (await renderGenerated());
  const committed = await Promise.all(files.map((f) => readOrNull(join(root, ...f.path.split('/')))));
  // A tree with neither the typed source nor any generated file is not this repository's layout
  // (e.g. a fixture directory): nothing there is expected to be generated.
  if (!existsSync(join(root, SOURCE)) && committed.every((c) => c === null)) return findings;
  files.forEach((f, i) => {
    const found = committed[i];
    if (found === null || found === undefined) {
      findings.push({
        file: f.path,
        line: 0,
        column: 0,
        severity: 'error',
        rule: RULE,
        message: `generated file is missing; run \`${GENERATE_COMMAND}\` to write it from ${SOURCE}`,
      });
      return;
    }
    const diff = firstDifference(f.content, found);
    if (!diff) return;
    findings.push({
      file: f.path,
      line: diff.line,
      column: 1,
      severity: 'error',
      rule: RULE,
      message:
        `differs from what \`${GENERATE_COMMAND}\` writes: line ${diff.line} should be ${show(diff.expected)}, ` +
        `found ${show(diff.found)}. Generated files are not edited by hand: change ${SOURCE} (or the ` +
        `generator under scripts/generate/) and run \`${GENERATE_COMMAND}\``,
    });
  });
  return findings;
}

export const driftCheck: Check = {
  id: 'generated-drift',
  description: `generated configs (config/<env>/**, compose/compose.yaml) equal what \`${GENERATE_COMMAND}\` writes`,
  async run(ctx): Promise<CheckResult> {
    // findDrift finds nothing in a tree with neither the typed source nor any file where the generator
    // writes; that is decided here without loading and running the generator.
    const generatedHere = existsSync(join(ctx.root, SOURCE)) || GENERATED_ROOTS.some((p) => existsSync(join(ctx.root, p)));
    return { findings: generatedHere ? await findDrift(ctx.root) : [], skipped: [] };
  },
};
