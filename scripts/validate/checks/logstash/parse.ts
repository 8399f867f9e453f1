// Parses Logstash pipeline configuration into an AST with positions.
//
// The grammar is compiled from grammar.peggy when first needed rather than pre-generated: peggy is a
// runtime dependency anyway, compiling takes a few tens of milliseconds once per process, and there
// is no generated parser in git to drift from its grammar.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type peggy from 'peggy';
import type { Config } from './ast.ts';

export interface LogstashSyntaxError {
  line: number;
  column: number;
  /** e.g. `expected "=>" but found "{"` */
  message: string;
}

export type ParseResult = { ok: true; config: Config } | { ok: false; error: LogstashSyntaxError };

const GRAMMAR = new URL('./grammar.peggy', import.meta.url);

let parser: peggy.Parser | undefined;

function compiled(): peggy.Parser {
  // Required on first use, not imported: a repository without Logstash pipelines never loads peggy.
  parser ??= (createRequire(import.meta.url)('peggy') as typeof peggy).generate(readFileSync(GRAMMAR, 'utf8'), { grammarSource: 'grammar.peggy' });
  return parser;
}

/** Expectations a reader cares about: not "whitespace" or "comment", which fit almost anywhere. */
function describeExpected(expected: peggy.parser.Expectation[] | null): string {
  const names = new Set<string>();
  for (const e of expected ?? []) {
    if (e.type === 'literal') names.add(JSON.stringify(e.text));
    else if (e.type === 'other' && e.description !== 'whitespace' && e.description !== 'comment') names.add(e.description);
    else if (e.type === 'end') names.add('end of file');
    else if (e.type === 'class') names.add('character class');
  }
  names.delete('character class');
  const list = [...names];
  if (!list.length) return 'something else';
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

function describeFound(found: string | null): string {
  if (found === null) return 'end of file';
  if (found === '\n' || found === '\r') return 'end of line';
  return JSON.stringify(found);
}

function isPeggySyntaxError(e: unknown): e is peggy.parser.SyntaxError {
  return e instanceof Error && e.name === 'SyntaxError' && 'location' in e && 'expected' in e;
}

export function parseLogstash(text: string): ParseResult {
  try {
    return { ok: true, config: compiled().parse(text) as Config };
  } catch (e) {
    if (!isPeggySyntaxError(e)) throw e;
    const { line, column } = e.location.start;
    return { ok: false, error: { line, column, message: `expected ${describeExpected(e.expected)} but found ${describeFound(e.found)}` } };
  }
}
