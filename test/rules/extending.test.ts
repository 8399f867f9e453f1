// docs/extending.md "Adding a rule", followed to the letter in a copy of the toolchain: the rule
// file, its line in rules/all.ts and the README table, then the CLI reports the rule's finding.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO } from '../helpers/repo-copy.ts';

const doc = readFileSync(join(REPO, 'docs', 'extending.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Adding a rule'));
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] as string }));

const work = mkdtempSync(join(tmpdir(), 'extending-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  // The copy's own CLI script, run as the project runs TypeScript (tsx resolved from this checkout).
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), ...args], { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, INIT_CWD: cwd, PLATFORM_VALIDATE_CACHE: join(work, 'cache') } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('adding a rule as docs/extending.md says makes the CLI report it and lists it in the README', () => {
  const copy = join(work, 'toolchain');
  for (const p of ['scripts', 'package.json', 'tsconfig.json', 'README.md']) cpSync(join(REPO, p), join(copy, p), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'));

  // Step 1: the rule file, as the first ts block gives it (its path is in the line before it).
  const file = /\*\*1\. Write the rule\*\*, `([^`]+)`/.exec(section)?.[1];
  assert.ok(file, 'step 1 names the rule file');
  writeFileSync(join(copy, file), blocks[0]!.text);
  // Step 2: its line in rules/all.ts.
  const all = join(copy, 'scripts/validate/rules/all.ts');
  writeFileSync(all, `${readFileSync(all, 'utf8')}${blocks[1]!.text}`);
  // Step 3: the README table.
  const table = run([join(copy, 'scripts/validate/rules/readme-table.ts')], copy);
  assert.equal(table.status, 0, table.stderr);
  assert.match(readFileSync(join(copy, 'README.md'), 'utf8'), /\| `no-nodeport` \| warning \| each object \| A Service of type NodePort opens a port on every node\. \|/);

  // A tree with a NodePort Service, validated by the copy's CLI.
  const tree = join(work, 'tree');
  mkdirSync(join(tree, 'services'), { recursive: true });
  writeFileSync(join(tree, 'services', 'web.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: { app: web }\n  ports:\n    - port: 80\n');
  const r = run([join(copy, 'scripts/validate.ts')], tree);
  assert.equal(r.status, 0, `warnings only: ${r.stdout}${r.stderr}`);
  const expected = blocks.find((b) => b.text.includes('warning  no-nodeport'))!.text.trim();
  assert.ok(r.stdout.includes(expected), `expected the output the doc shows:\n${expected}\ngot:\n${r.stdout}`);
});
