// docs/extending.md "Adding a component", followed to the letter in a full copy of the repository: the
// image, version and workload in scripts/environments.ts, the base's files, the two list entries, then the
// doc's own commands (`npm run generate`, `npm run validate`), which must find nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { copyRepository, removeCopy, REPO } from '../helpers/repo-copy.ts';

const doc = readFileSync(join(REPO, 'docs', 'extending.md'), 'utf8');
const start = doc.indexOf('## Adding a component');
const end = doc.indexOf('\n## ', start + 1);
const section = doc.slice(start, end === -1 ? undefined : end);
/** The section's code blocks, each with the last `base/...` path named in the prose before it. */
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => {
  const before = section.slice(0, m.index);
  const paths = [...before.matchAll(/`(base\/[^`\s]+\.yaml)`/g)];
  return { lang: m[1] ?? '', text: m[2] ?? '', path: paths.at(-1)?.[1] };
});

const PATHS = ['scripts', 'package.json', 'tsconfig.json', 'base', 'overlays', 'config', 'clusters', 'compose', 'jobs', 'terraform', 'validate.config.yaml', '.yamllint', '.yamllint.yaml', '.github', 'README.md'];
const copy = copyRepository(PATHS, 'extending-component-');
after(() => removeCopy(copy));

/** Puts `text` on the lines after the first line of `file` that starts with `marker`. */
function insertAfter(file: string, marker: string, text: string): void {
  const abs = join(copy, file);
  const lines = readFileSync(abs, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith(marker));
  assert.ok(at >= 0, `${file} has a line starting with ${marker}`);
  lines.splice(at + 1, 0, ...text.trimEnd().split('\n'));
  writeFileSync(abs, lines.join('\n'));
}

test('adding a component as docs/extending.md says renders it in every environment and validates clean', { timeout: 600_000 }, () => {
  assert.ok(start >= 0, 'docs/extending.md has a section "Adding a component"');
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  const [version, image, workload, ...rest] = blocks;
  assert.ok(version && image && workload, 'the section opens with the three entries of scripts/environments.ts');

  // Step 1: the three entries, each at the head of its table.
  insertAfter('scripts/environments.ts', 'export const versions = {', version.text);
  insertAfter('scripts/environments.ts', 'export const images = {', image.text);
  insertAfter('scripts/environments.ts', 'export const workloads: readonly WorkloadImage[] = [', workload.text);

  // Step 2: the base's files, at the paths the doc names (new files only: the lists come in step 3).
  // A block that is one indented list item is an entry for an existing list (step 3); any other is a file.
  const isEntry = (b: (typeof blocks)[number]): boolean => /^\s+- \S+\n?$/.test(b.text);
  const files = rest.filter((b) => b.lang === 'yaml' && !isEntry(b));
  assert.ok(files.length >= 3, 'the section gives the base and its NetworkPolicy as files');
  for (const f of files) {
    assert.ok(f.path, `the prose names the file of the block starting ${f.text.split('\n')[0]}`);
    mkdirSync(dirname(join(copy, f.path)), { recursive: true });
    writeFileSync(join(copy, f.path), f.text);
  }

  // Step 3: the two list entries, under `resources:` of the kustomizations the doc names.
  const entries = rest.filter((b) => b.lang === 'yaml' && isEntry(b));
  assert.equal(entries.length, 2, 'the section gives two list entries');
  const [baseEntry, policyEntry] = entries;
  assert.match(section, /`base\/kustomization\.yaml` and one in\s+`base\/network-policies\/kustomization\.yaml`/);
  insertAfter('base/kustomization.yaml', 'resources:', baseEntry?.text ?? '');
  insertAfter('base/network-policies/kustomization.yaml', 'resources:', policyEntry?.text ?? '');

  // Step 4: the doc's commands, run as written in the copy.
  const commands = rest.find((b) => b.lang === 'sh');
  assert.ok(commands, 'the section gives the commands to run');
  assert.match(commands.text, /npm run generate\nnpm run validate/);
  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', commands.text], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 540_000,
    // The renders are checked, not timed: on a busy machine kustomize may need more than the default minute.
    env: { ...process.env, PLATFORM_VALIDATE_CACHE: join(copy, '.cache'), VALIDATE_KUSTOMIZE_TIMEOUT_S: '300' },
  });
  const output = `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}`;
  assert.equal(run.status, 0, output);
  assert.match(output, /\b0 errors, 0 warnings\b/, output);
  const component = readFileSync(join(copy, 'config', 'prod', 'environment', 'kustomization.yaml'), 'utf8');
  assert.match(component, /- name: prom\/blackbox-exporter\n {4}newTag: v0\.25\.0/, 'generate pinned its image');
});
