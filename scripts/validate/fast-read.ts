// The fast reading of a YAML (or JSON) file: its values and where each document starts, with no
// positions inside documents. block-yaml.ts reads the subset manifests are written in, js-yaml the
// rest; parse.ts turns to the `yaml` package (slow, but with positions) only for what both reject.
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { readBlockYaml } from './block-yaml.ts';

export interface DocumentStart {
  line: number;
  column: number;
}

export interface FastRead {
  values: unknown[];
  starts: DocumentStart[];
}

/**
 * Where each document of a stream starts (its first line of content), in the order js-yaml
 * returns them: one per `---`, plus one for content before the first `---`.
 */
export function documentStarts(text: string): DocumentStart[] {
  const starts: DocumentStart[] = [];
  let open: { line: number; column: number; hasContent: boolean } | null = { line: 1, column: 1, hasContent: false };
  let leading = true;
  const lines = text.split('\n');
  const close = (): void => {
    if (open && (open.hasContent || !leading)) starts.push({ line: open.line, column: open.column });
    open = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /^---(\s|$)/.exec(line);
    if (marker) {
      close();
      leading = false;
      const rest = line.slice(3);
      const content = rest.search(/\S/);
      open = content >= 0 && rest[content] !== '#' ? { line: i + 1, column: 4 + content, hasContent: true } : { line: i + 1, column: 1, hasContent: false };
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(line)) {
      close();
      leading = false;
      continue;
    }
    const content = line.search(/\S/);
    if (content < 0 || line[content] === '#' || (line.startsWith('%') && !open?.hasContent)) continue;
    if (!open) {
      open = { line: i + 1, column: content + 1, hasContent: true };
      leading = true;
    } else if (!open.hasContent) {
      open.line = i + 1;
      open.column = content + 1;
      open.hasContent = true;
    }
  }
  close();
  return starts;
}

/**
 * js-yaml's reading of a text, or null when js-yaml rejects it, when a tab may be indentation, or when
 * the documents cannot be told apart by line; the caller then parses with the `yaml` package, which
 * says why and where.
 */
export function fastRead(text: string): FastRead | null {
  // Most manifests are plain block YAML, which a reader for just that reads several times faster.
  const block = readBlockYaml(text);
  if (block) return block;
  // Tabs are allowed inside block scalars, which only the slow parser can tell apart.
  if (/^ *\t/m.test(text)) return null;
  let values: unknown[];
  try {
    values = loadAll(text, null, { schema: CORE_SCHEMA }) as unknown[];
  } catch {
    return null;
  }
  const starts = documentStarts(text);
  return starts.length === values.length ? { values, starts } : null;
}
