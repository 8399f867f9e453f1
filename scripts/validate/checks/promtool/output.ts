// Turns promtool's human-readable output into findings with file, line and column where it names them.
import type { Finding } from '../../types.ts';

export interface OutputContext {
  /** Rule id for problems in the file promtool was asked to check. */
  rule: string;
  /** Repository-relative path of that file. */
  file: string;
  /** Its text, for locating messages that carry no line number. */
  text: string;
  /** Maps a path as promtool printed it to a repository-relative path. */
  mapPath(printed: string): string;
}

const LOCATED = /^\s*(\S+?): (\d+):(\d+): (.+)$/;
const UNMARSHAL = /^\s*(?:.*?parsing YAML file )?(\S+?): yaml: unmarshal errors:\s*$/;
const YAML_LINE = /^\s*(?:.*?parsing YAML file )?(\S+?): yaml: line (\d+): (.+)$/;
const UNMARSHAL_LINE = /^\s*line (\d+): (.+)$/;
const NOISE = /^\s*(Checking |SUCCESS|Unit Testing:|FAILED:\s*$|$)/;

/** 1-based line of the first line of `text` matching `re`, or 0. */
function lineMatching(text: string, re: RegExp): number {
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i + 1;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** promtool names no line for some problems; find the value or alert it quotes, when it is unambiguous. */
function guessLine(text: string, message: string): number {
  const alert = /alertname: ([^,\s]+),/.exec(message);
  if (alert) return lineMatching(text, new RegExp(`alertname:\\s*['"]?${escape(alert[1]!)}['"]?\\s*$`));
  const expr = /expr: "(.+?)"/.exec(message) ?? /expr: (.+?),/.exec(message);
  if (expr) return lineMatching(text, new RegExp(`expr:\\s*['"]?${escape(expr[1]!)}`));
  for (const m of message.matchAll(/"([^"\n]{2,})"/g)) {
    const re = new RegExp(escape(m[1]!));
    const hits = text.split('\n').filter((l) => re.test(l)).length;
    if (hits === 1) return lineMatching(text, re);
  }
  return 0;
}

/** Column of the unknown field that `field x not found in type y` names, on its line. */
function fieldColumn(text: string, line: number, message: string): number {
  const field = /field (\S+) not found/.exec(message)?.[1];
  const at = field ? (text.split('\n')[line - 1] ?? '').indexOf(field) : -1;
  return at + 1;
}

export function parsePromtoolOutput(output: string, ctx: OutputContext): Finding[] {
  const findings: Finding[] = [];
  const loose: string[] = [];
  let unmarshalFile: string | null = null;
  const add = (file: string, line: number, column: number, message: string): void => {
    findings.push({ file, line, column, severity: 'error', rule: ctx.rule, message: message.trim() });
  };
  for (const raw of output.split('\n')) {
    if (NOISE.test(raw)) continue;
    let m: RegExpExecArray | null;
    if ((m = UNMARSHAL.exec(raw))) {
      unmarshalFile = ctx.mapPath(m[1]!);
    } else if (unmarshalFile && (m = UNMARSHAL_LINE.exec(raw))) {
      add(unmarshalFile, Number(m[1]), unmarshalFile === ctx.file ? fieldColumn(ctx.text, Number(m[1]), m[2]!) : 0, m[2]!);
    } else if ((m = YAML_LINE.exec(raw))) {
      add(ctx.mapPath(m[1]!), Number(m[2]), 0, m[3]!);
    } else if ((m = LOCATED.exec(raw))) {
      add(ctx.mapPath(m[1]!), Number(m[2]), Number(m[3]), m[4]!);
    } else {
      unmarshalFile = null;
      loose.push(raw.trim().replace(/^FAILED:\s*/, ''));
    }
  }
  if (loose.length) {
    const message = loose.join(' ').replace(/\s+/g, ' ');
    add(ctx.file, guessLine(ctx.text, message), 0, message);
  }
  return findings;
}
