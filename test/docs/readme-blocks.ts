// Reads the shell blocks of a README and how each is to be run (docs/readme-commands.md):
//   ```sh or ```bash                          run as written, every command must succeed
//   <!-- not run here: REASON -->             on the line before: not run, REASON is reported
//   <!-- long-running: stopped after N s -->  on the line before: must still be running (or have
//                                             exited 0) after N s, then stops on SIGTERM

export type BlockMode = { kind: 'run' } | { kind: 'skip'; reason: string } | { kind: 'service'; stopAfterMs: number };

export interface ShellBlock {
  /** 1-based line of the opening fence. */
  line: number;
  script: string;
  mode: BlockMode;
}

const SHELL = new Set(['sh', 'bash', 'shell']);
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const NOT_RUN = /^<!--\s*not run here:\s*(.*?)\s*-->$/;
const LONG_RUNNING = /^<!--\s*long-running:\s*stopped after\s+(\d+)\s*s\s*-->$/;
const ANY_MARKER = /^<!--\s*(not run here|long-running)\b/;

export class MarkerError extends Error {}

/** The mode a marker line gives; a comment that looks like a marker but is malformed is an error, never a silent run. */
function modeFrom(previous: string | undefined, where: string): BlockMode {
  const text = previous?.trim() ?? '';
  const skip = NOT_RUN.exec(text);
  if (skip) {
    if (!skip[1]) throw new MarkerError(`${where}: "not run here" needs a reason`);
    return { kind: 'skip', reason: skip[1] };
  }
  const service = LONG_RUNNING.exec(text);
  if (service) return { kind: 'service', stopAfterMs: Number(service[1]) * 1000 };
  if (ANY_MARKER.test(text)) throw new MarkerError(`${where}: malformed marker ${text}; see docs/readme-commands.md`);
  return { kind: 'run' };
}

export function shellBlocks(markdown: string, file: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const end = lines.findIndex((l, n) => n > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
    const close = end === -1 ? lines.length : end;
    if (SHELL.has(open[2]!.toLowerCase())) {
      let p = i - 1;
      while (p >= 0 && lines[p]!.trim() === '') p--;
      blocks.push({ line: i + 1, script: lines.slice(i + 1, close).join('\n'), mode: modeFrom(p >= 0 ? lines[p] : undefined, `${file}:${i + 1}`) });
    }
    i = close;
  }
  return blocks;
}

/** Programs an npm script starts in turn: `npm run tf` is terraform; `validate --require-all` fails without any of its tools. */
const THROUGH_NPM: Array<[RegExp, string[]]> = [
  [/^npm run tf\b/, ['terraform']],
  [/^npm run validate\b.*--require-all/, ['kubectl', 'terraform', 'promtool', 'shellcheck']],
];

/** External programs a block starts, from each command's first word, so a missing one is reported as such. */
export function programsOf(script: string, candidates: readonly string[]): string[] {
  const words = new Set<string>();
  for (const raw of script.split('\n')) {
    // Skip leading VAR=value assignments and `export`.
    const parts = raw.replace(/#.*$/, '').trim().split(/\s+/);
    const start = parts.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && w !== 'export');
    if (start === -1) continue;
    const command = parts.slice(start).join(' ');
    const first = parts[start]!;
    if (candidates.includes(first)) words.add(first);
    for (const [pattern, programs] of THROUGH_NPM) if (pattern.test(command)) for (const p of programs) words.add(p);
  }
  return [...words];
}
