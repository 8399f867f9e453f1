// Supply-chain and drift rules for the workflows that actionlint does not enforce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const workflowDir = join(root, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  permissions?: Record<string, string>;
  'timeout-minutes'?: number;
  steps?: Step[];
}
interface Workflow {
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

async function workflows(): Promise<Array<{ name: string; text: string; doc: Workflow }>> {
  const names = (await readdir(workflowDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(workflowDir, name), 'utf8');
      return { name, text, doc: parse(text) as Workflow };
    }),
  );
}

test('every action is pinned to a full commit SHA with its version in a comment', async () => {
  const unpinned: string[] = [];
  for (const { name, text } of await workflows()) {
    text.split('\n').forEach((line, i) => {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
      if (!m) return;
      const [, ref = '', rest = ''] = m;
      if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref) || !/#\s*v\d+\.\d+\.\d+\s*$/.test(rest)) unpinned.push(`${name}:${i + 1} ${line.trim()}`);
    });
  }
  assert.deepEqual(unpinned, []);
});

test('every workflow defaults to read-only contents', async () => {
  for (const { name, doc } of await workflows()) assert.deepEqual(doc.permissions, { contents: 'read' }, `${name}: top-level permissions`);
});

test('every workflow has a concurrency group', async () => {
  for (const { name, doc } of await workflows()) assert.ok(doc.concurrency, `${name}: no concurrency`);
});

test('every job has a timeout', async () => {
  const missing = (await workflows()).flatMap(({ name, doc }) =>
    Object.entries(doc.jobs)
      .filter(([, job]) => typeof job['timeout-minutes'] !== 'number')
      .map(([id]) => `${name}:${id}`),
  );
  assert.deepEqual(missing, []);
});

test('only the image publish job may write packages and only the plan job may request an OIDC token', async () => {
  const writers: string[] = [];
  for (const { name, doc } of await workflows()) {
    for (const [id, job] of Object.entries(doc.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        if (level === 'write') writers.push(`${name}:${id}:${scope}`);
      }
    }
  }
  assert.deepEqual(writers.sort(), ['ci.yml:plan:id-token', 'image.yml:publish:packages']);
});

test('CI installs exactly the Debian packages .ci/run installs', async () => {
  const ciRun = await readFile(join(root, '.ci', 'run'), 'utf8');
  const declared = /^packages=\(([^)]*)\)/m.exec(ciRun);
  assert.ok(declared, '.ci/run declares packages=(...)');
  const expected = (declared[1] ?? '').trim().split(/\s+/).sort();

  const ci = (await workflows()).find((w) => w.name === 'ci.yml');
  assert.ok(ci);
  const install = (ci.doc.jobs['validate-and-test']?.steps ?? []).map((s) => s.run ?? '').find((r) => r.includes('apt-get install'));
  assert.ok(install, 'ci.yml validate-and-test has an apt-get install step');
  const args = install.slice(install.indexOf('apt-get install')).replace(/\\\n/g, ' ').split(/\s+/);
  const installed = args.slice(2).filter((a) => a && !a.startsWith('-')).sort();
  assert.deepEqual(installed, expected);
});

test('CI runs the README commands: npm ci, validate with GitHub annotations and every check required, npm test', async () => {
  const ci = (await workflows()).find((w) => w.name === 'ci.yml');
  const runs = (ci?.doc.jobs['validate-and-test']?.steps ?? []).map((s) => s.run?.trim()).filter(Boolean);
  assert.deepEqual(runs.filter((r) => r?.startsWith('npm')), ['npm ci --no-audit --no-fund', 'npm run validate -- --format github --require-all', 'npm test']);
});
