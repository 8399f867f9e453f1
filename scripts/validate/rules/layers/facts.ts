// What scripts/environments.ts (the typed description of the environments) says each environment
// must use: its namespace, tier, Kafka topic and Elasticsearch index, and which environment the compose stack
// mounts. Read from the tree being validated, so a copy of the repository is judged by its own
// description; absent, the rules fall back to what the configs say among themselves.
//
// The file is TypeScript, and a tree being validated is untrusted: importing it would run it. So it is
// read, not run: the TypeScript compiler parses it, and the facts are the string literals written in
// the environments' object literals (`{ name: 'dev', namespace: '…', kafka: { topic: '…' }, … }`). A fact
// written as anything but a plain string (a template, a call) is not known, and the rules that need it
// compare the configs among themselves.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type TS from 'typescript';
import type { SkippedCheck } from '../../types.ts';

/** Where a fact's string literal is written in the environments file (1-based). */
export interface FactAt {
  line: number;
  column: number;
}

export type FactName = 'namespace' | 'tier' | 'topic' | 'index';

export interface EnvFacts {
  namespace?: string;
  /** `production` or `development`: what the environment is held to (production-only rules key on it). */
  tier?: string;
  topic?: string;
  index?: string;
  /** Where each known fact is written: where a changed value is reported. */
  at?: Partial<Record<FactName, FactAt>>;
}

export interface Facts {
  /** The environment file, for messages. */
  file: string;
  envs: Map<string, EnvFacts>;
  /** The environment whose configs the compose stack mounts. */
  composeEnv: string;
}

export const ENVIRONMENTS_FILE = 'scripts/environments.ts';

export interface LoadedFacts {
  facts?: Facts;
  /** Why the checks against the environments file did not run, when it exists but cannot be read. */
  skipped: SkippedCheck[];
}

/**
 * The TypeScript compiler, loaded by the first readFacts: it is a few megabytes of JavaScript whose
 * loading cost about a second of every run's start-up, also of runs with no environments file.
 */
let ts: typeof TS;

/** The properties of an object literal whose names are plain identifiers or strings. */
function properties(node: TS.ObjectLiteralExpression): Map<string, TS.Expression> {
  const out = new Map<string, TS.Expression>();
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.set(p.name.text, p.initializer);
  }
  return out;
}

const stringOf = (e: TS.Expression | undefined): string | undefined =>
  e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;

const objectOf = (e: TS.Expression | undefined): Map<string, TS.Expression> | undefined => {
  while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  return e && ts.isObjectLiteralExpression(e) ? properties(e) : undefined;
};

/** The facts written in the text of an environments file, found without running it. */
export function readFacts(text: string): Facts | undefined {
  ts ??= createRequire(import.meta.url)('typescript') as typeof TS;
  const source = ts.createSourceFile(ENVIRONMENTS_FILE, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const envs = new Map<string, EnvFacts>();
  const where = (e: TS.Expression | undefined): FactAt | undefined => {
    if (!e || stringOf(e) === undefined) return undefined;
    const { line, character } = source.getLineAndCharacterOfPosition(e.getStart(source));
    return { line: line + 1, column: character + 1 };
  };
  let composeEnv: string | undefined;
  const visit = (node: TS.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = properties(node);
      const name = stringOf(props.get('name'));
      const namespace = stringOf(props.get('namespace'));
      // An environment is the object literal with a name and a namespace; the stack names its environment.
      if (name !== undefined && namespace !== undefined) {
        const topic = objectOf(props.get('kafka'))?.get('topic');
        const index = objectOf(props.get('elasticsearch'))?.get('index');
        const at: Partial<Record<FactName, FactAt>> = {};
        for (const [fact, e] of [['namespace', props.get('namespace')], ['tier', props.get('tier')], ['topic', topic], ['index', index]] as const) {
          const pos = where(e);
          if (pos) at[fact] = pos;
        }
        envs.set(name, { namespace, tier: stringOf(props.get('tier')), topic: stringOf(topic), index: stringOf(index), at });
      }
      composeEnv ??= stringOf(props.get('configEnv'));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (envs.size === 0) return undefined;
  return { file: ENVIRONMENTS_FILE, envs, composeEnv: composeEnv ?? 'dev' };
}

export async function loadFacts(root: string): Promise<LoadedFacts> {
  const abs = join(root, ENVIRONMENTS_FILE);
  if (!existsSync(abs)) return { skipped: [] };
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { skipped: [{ check: 'cross-layers (typed source)', reason: `${ENVIRONMENTS_FILE} could not be read: ${reason}`, fix: `make ${ENVIRONMENTS_FILE} readable` }] };
  }
  const facts = readFacts(text);
  return facts ? { facts, skipped: [] } : { skipped: [] };
}
