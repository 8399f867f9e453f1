// node:util parseArgs reads `--rate -3` as the option --rate followed by an option -3, and stops
// with "argument is ambiguous" before the job's own check can say what is wrong with -3. This
// wrapper hands a negative number after a string option to that option as its value, so the job's
// validation reports it in the job's words.
import { parseArgs, type ParseArgsConfig } from 'node:util';

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** `args` with every `--flag -3` (or `-f -3`) of a string option written as `--flag=-3`. */
export function joinNegativeValues(args: readonly string[], options: ParseArgsConfig['options'] = {}): string[] {
  const stringOption = (arg: string): boolean => {
    if (arg.startsWith('--')) return !arg.includes('=') && options[arg.slice(2)]?.type === 'string';
    if (/^-[^-]$/.test(arg)) return Object.values(options).some((o) => o.short === arg.slice(1) && o.type === 'string');
    return false;
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...out, ...args.slice(i)];
    const next = args[i + 1];
    if (next !== undefined && NEGATIVE_NUMBER.test(next) && stringOption(arg)) {
      out.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs, with negative numbers accepted as option values. */
export function parseArgsWithNegatives<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  return parseArgs<T>({ ...config, args: joinNegativeValues(config.args ?? process.argv.slice(2), config.options) });
}
