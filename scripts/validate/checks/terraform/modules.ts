// Module calls whose source is not a local path. `terraform init` would download them (from a
// registry, git, an HTTP or S3 URL) and git sources run git: the validator runs nothing the tree names,
// so such calls are taken out of the copy terraform sees and reported as not checked offline.
//
// HCL is read here only as far as finding blocks, their labels and a `source = "..."` attribute
// needs: strings, comments and heredocs are skipped so that braces inside them do not count.

export interface ModuleCall {
  /** The module block's label; '' for the `module { }` block of a test's `run` block. */
  name: string;
  source: string;
  /** 1-based position of the block's first token. */
  line: number;
  column: number;
  /** Offsets of the text to blank out so that terraform does not see the call: the module block, or the enclosing `run` block of a test. */
  start: number;
  end: number;
}

/** A local path, in terraform's own definition: it starts with ./ or ../ (an absolute path is fetched like a URL). */
export const isLocalSource = (source: string): boolean => /^\.\.?[\\/]/.test(source);

interface Block {
  type: string;
  labels: string[];
  start: number;
  /** A `{` that opens an object value rather than a block. */
  expression: boolean;
  source?: string;
  /** Calls inside a `run` block, whose end is this block's end. */
  pending: ModuleCall[];
}

const HEADER = /^([A-Za-z_][\w-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][\w-]*))*)\s*$/;
const SOURCE = /^\s*source\s*=\s*"([^"]*)"\s*$/;

/** Every module call in an HCL file (a .tf file or a .tftest.hcl file), in order. */
export function moduleCalls(text: string): ModuleCall[] {
  const calls: ModuleCall[] = [];
  const stack: Block[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  let segment = '';
  let segmentStart = -1;
  const endSegment = (): void => {
    const top = stack.at(-1);
    const m = SOURCE.exec(segment);
    if (m && top && !top.expression && top.type === 'module') top.source = m[1]!;
    segment = '';
    segmentStart = -1;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const heredoc = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (heredoc) {
        const marker = new RegExp(`\\n[ \\t]*${heredoc[1]}[ \\t]*(?=\\r?\\n|$)`, 'g');
        marker.lastIndex = i;
        const end = marker.exec(text);
        i = end ? end.index + end[0].length : text.length;
        segment += '<<heredoc>>';
        continue;
      }
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (segmentStart < 0) segmentStart = i;
      segment += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '{') {
      const header = HEADER.exec(segment.trim());
      const expression = !header || /=\s*$/.test(segment);
      const labels = header ? [...header[2]!.matchAll(/"([^"]*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]!) : [];
      stack.push({ type: expression ? '' : header![1]!, labels, start: segmentStart < 0 ? i : segmentStart, expression, pending: [] });
      segment = '';
      segmentStart = -1;
      i++;
      continue;
    }
    if (c === '}') {
      endSegment();
      const block = stack.pop();
      if (block && block.type === 'module' && block.source !== undefined) {
        const parent = stack.at(-1);
        const inRun = parent !== undefined && !parent.expression && parent.type === 'run';
        const call: ModuleCall = {
          name: block.labels[0] ?? '',
          source: block.source,
          ...position(block.start),
          // A run block without its module would test the main configuration instead: take the whole run out.
          start: inRun ? parent.start : block.start,
          end: inRun ? -1 : i + 1,
        };
        calls.push(call);
        if (inRun) parent.pending.push(call);
      } else if (block) {
        for (const call of block.pending) call.end = i + 1;
      }
      i++;
      continue;
    }
    if (c === '\n') {
      endSegment();
      i++;
      continue;
    }
    if (segmentStart < 0 && !/\s/.test(c)) segmentStart = i;
    segment += c;
    i++;
  }
  return calls.filter((call) => call.end > call.start);
}

/** `text` with each call's block replaced by spaces, newlines kept, so every other line keeps its number. */
export function blankOut(text: string, calls: readonly ModuleCall[]): string {
  let out = text;
  for (const { start, end } of calls) out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end);
  return out;
}
