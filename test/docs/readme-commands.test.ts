// Every shell block of the READMEs a user follows runs as written, on a copy of the repository
// (so the checkout stays clean), from the README's own directory, one block after another as a
// person would type them. The READMEs are read when the test runs: whatever they say is tested.
// Blocks that cannot run here say why in the markdown (docs/readme-commands.md).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';
import { programsOf, shellBlocks } from './readme-blocks.ts';
import { killAll, runAsService, runToEnd } from './run-block.ts';

const READMES = ['README.md', 'terraform/README.md', 'jobs/README.md'];
/** Programs a block may need that are not part of npm ci: missing ones skip (fail in CI) the block. */
const EXTERNAL = ['terraform', 'kubectl', 'promtool', 'amtool', 'prometheus', 'kcat', 'shellcheck', 'yamllint', 'java', 'mvn', 'python3'];

/** A copy as a fresh clone has it: no .git, no terraform state; node_modules is the checkout's, shared. */
function copyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  const skip = /(^|\/)(node_modules|\.git|\.terraform|[^/]*\.tfstate[^/]*|[^/]*\.tfplan)$/;
  cpSync(REPO, root, { recursive: true, filter: (src) => !skip.test(relative(REPO, src)) });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

const copy = copyRepository();
after(() => {
  killAll();
  rmSync(copy, { recursive: true, force: true });
});

for (const readme of READMES) {
  const path = join(REPO, readme);
  if (!existsSync(path)) continue;
  const blocks = shellBlocks(readFileSync(path, 'utf8'), readme);
  describe(readme, () => {
    for (const block of blocks) {
      const first = block.script.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#'))?.replace(/\s+#.*$/, '').trim() ?? '';
      const where = `${readme}:${block.line}`;
      test(`${where} ${first}`, async (t) => {
        if (block.mode.kind === 'skip') return t.skip(`not run here: ${block.mode.reason}`);
        for (const program of programsOf(block.script, EXTERNAL)) if (!(await requireTool(t, program))) return;
        const cwd = join(copy, dirname(readme));
        if (block.mode.kind === 'service') await runAsService(block, cwd, where, block.mode.stopAfterMs);
        else await runToEnd(block, cwd, where);
      });
    }
  });
}
