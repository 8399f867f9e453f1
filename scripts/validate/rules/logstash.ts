// The plugins of a Logstash pipeline and their options, with positions: just what the cross-layer
// rules read (kafka input topics and brokers, elasticsearch output hosts and index). Conditionals are
// walked into, so a plugin inside `if` still counts. Syntax errors are the Logstash grammar check's job:
// here an unreadable pipeline yields the plugins read so far.

export type LsValue = string | number | boolean | LsValue[] | { [k: string]: LsValue };

export interface LsOption {
  name: string;
  value: LsValue;
  line: number;
  column: number;
}

export interface LsPlugin {
  section: string;
  name: string;
  line: number;
  options: LsOption[];
}

interface Token {
  t: 'word' | 'string' | 'number' | 'punct';
  v: string;
  at: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) i++;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (ch === '"' || ch === "'") {
      const start = i++;
      let v = '';
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\' && i + 1 < text.length) {
          v += text[i + 1];
          i += 2;
        } else v += text[i++];
      }
      i++;
      out.push({ t: 'string', v, at: start });
    } else if (text.startsWith('=>', i)) {
      out.push({ t: 'punct', v: '=>', at: i });
      i += 2;
    } else if (/[-0-9]/.test(ch) && /^-?\d/.test(text.slice(i, i + 2))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'number', v: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z0-9_@.\-]/.test(ch)) {
      const m = /^[A-Za-z0-9_@.\-]+/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'word', v: m[0], at: i });
      i += m[0].length;
    } else {
      out.push({ t: 'punct', v: ch, at: i });
      i++;
    }
  }
  return out;
}

/** Reads every plugin of every section. */
export function logstashPlugins(text: string): LsPlugin[] {
  const toks = tokenize(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const pos = (at: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (lineStarts[lo] as number) + 1 };
  };
  let k = 0;
  const peek = (): Token | undefined => toks[k];
  const is = (v: string): boolean => peek()?.v === v && peek()?.t === 'punct';
  const plugins: LsPlugin[] = [];

  const value = (): LsValue => {
    const tok = toks[k++];
    if (!tok) return '';
    if (tok.t === 'punct' && tok.v === '[') {
      const arr: LsValue[] = [];
      while (peek() && !is(']')) {
        arr.push(value());
        if (is(',')) k++;
      }
      k++;
      return arr;
    }
    if (tok.t === 'punct' && tok.v === '{') {
      const obj: Record<string, LsValue> = {};
      while (peek() && !is('}')) {
        const key = toks[k++] as Token;
        if (is('=>')) k++;
        obj[key.v] = value();
        if (is(',')) k++;
      }
      k++;
      return obj;
    }
    if (tok.t === 'number') return Number(tok.v);
    if (tok.t === 'word' && (tok.v === 'true' || tok.v === 'false')) return tok.v === 'true';
    // `codec => json { charset => "UTF-8" }`: the value is the codec's name; its options are skipped.
    if (tok.t === 'word' && is('{')) value();
    return tok.v;
  };

  /** Skips a condition up to its `{`; brackets inside (field references, lists) are balanced. */
  const skipCondition = (): void => {
    let depth = 0;
    while (peek()) {
      if (depth === 0 && is('{')) return;
      if (is('[') || is('(')) depth++;
      if (is(']') || is(')')) depth--;
      k++;
    }
  };

  const block = (section: string): void => {
    // after `{`, until the matching `}`: plugins and conditionals
    while (peek() && !is('}')) {
      const tok = toks[k] as Token;
      if (tok.t === 'word' && (tok.v === 'if' || tok.v === 'else')) {
        k++;
        if (tok.v === 'else' && peek()?.v === 'if') k++;
        if (tok.v === 'if' || toks[k - 1]?.v === 'if') skipCondition();
        if (is('{')) {
          k++;
          block(section);
          k++;
        }
        continue;
      }
      if ((tok.t === 'word' || tok.t === 'string') && toks[k + 1]?.v === '{') {
        k += 2;
        const plugin: LsPlugin = { section, name: tok.v, line: pos(tok.at).line, options: [] };
        while (peek() && !is('}')) {
          const name = toks[k++] as Token;
          if (!is('=>')) break; // not an option: leave it to the grammar check
          k++;
          const at = peek()?.at ?? name.at;
          plugin.options.push({ name: name.v, value: value(), ...pos(at) });
        }
        k++;
        plugins.push(plugin);
        continue;
      }
      k++;
    }
  };

  while (peek()) {
    const tok = toks[k] as Token;
    if (tok.t === 'word' && toks[k + 1]?.v === '{') {
      k += 2;
      block(tok.v);
      k++;
    } else k++;
  }
  return plugins;
}

export const option = (p: LsPlugin, name: string): LsOption | undefined => p.options.find((o) => o.name === name);

/** A string option or the strings of a list option (comma-separated strings split too). */
export function strings(v: LsValue | undefined): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (typeof v === 'number') return [String(v)];
  return [];
}
