// The report formats `--format` accepts.
import type { ValidationReport } from '../registry.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatSarif } from './sarif.ts';
import { formatText, type TextOptions } from './text.ts';

export const FORMATS = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
  junit: formatJunit,
  sarif: formatSarif,
} as const satisfies Record<string, (r: ValidationReport, options?: TextOptions) => string>;

export type Format = keyof typeof FORMATS;

export const isFormat = (s: string): s is Format => Object.hasOwn(FORMATS, s);
