// Prepares a Prometheus config for `promtool check config` outside the container it was written for.
//
// rule_files in a config are resolved relative to the config file, and in this repository they are
// container paths (/etc/prometheus/alert-rules.yml, where the ConfigMap is mounted) while the rule
// file itself sits beside the config in git. promtool would report every such path as missing, so we
// check a temporary copy whose rule_files point at the files in the checkout: an existing path is
// made absolute, and a path that does not exist falls back to the file of the same name beside the
// config (what the mount provides). A rule file found in neither place is a finding. The copy keeps
// every line where it was, so promtool's line numbers still hold, and the temp directory links every
// sibling of the config, so other relative references (file_sd files, certificates) still resolve.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { yaml } from '../../lazy.ts';
import { parseLocated, positionOf } from '../yaml-locate.ts';
import type { Finding } from '../../types.ts';

export interface ConfigCopy {
  dir: string;
  /** Absolute path of the rewritten config inside `dir`. */
  config: string;
  /** Rule files that exist in neither place, as findings on the config. */
  findings: Finding[];
}

const GLOB = /[*?[]/;

export async function copyConfigForPromtool(file: string, absPath: string, text: string): Promise<ConfigCopy> {
  const configDir = dirname(absPath);
  const dir = await mkdtemp(join(tmpdir(), 'validate-promtool-'));
  for (const entry of await readdir(configDir)) {
    if (entry !== basename(absPath)) await symlink(join(configDir, entry), join(dir, entry));
  }
  const empty = join(dir, '.validate-empty-rules.yml');
  await writeFile(empty, 'groups: []\n');

  const located = parseLocated(text);
  const findings: Finding[] = [];
  const edits: { start: number; end: number; value: string }[] = [];
  const ruleFiles = located.doc.get('rule_files', true);
  if (yaml().isSeq(ruleFiles)) {
    for (const item of ruleFiles.items) {
      if (!yaml().isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
      const value = item.value;
      const asWritten = isAbsolute(value) ? value : resolve(configDir, value);
      const beside = join(configDir, basename(value));
      let replacement: string;
      if (GLOB.test(value)) replacement = isAbsolute(value) && !existsSync(dirname(value)) ? beside : asWritten;
      else if (existsSync(asWritten)) replacement = asWritten;
      else if (existsSync(beside)) replacement = beside;
      else {
        const pos = positionOf(located, item);
        findings.push({
          file,
          line: pos.line,
          column: pos.column,
          severity: 'error',
          rule: 'promtool-config',
          message: `rule file "${value}" does not exist, and there is no "${basename(value)}" beside ${file} to mount there`,
        });
        replacement = empty; // reported above; keep promtool from reporting it again
      }
      edits.push({ start: item.range[0], end: item.range[1], value: JSON.stringify(replacement) });
    }
  }
  let copy = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) copy = copy.slice(0, e.start) + e.value + copy.slice(e.end);
  const config = join(dir, basename(absPath));
  await writeFile(config, copy);
  return { dir, config, findings };
}
