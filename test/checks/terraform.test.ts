import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliConfigText, terraformEnv } from '../../scripts/validate/checks/terraform/cli-config.ts';
import { firstChanges } from '../../scripts/validate/checks/terraform/fmt.ts';
import { terraformCheck } from '../../scripts/validate/checks/terraform/index.ts';
import { moduleCalls } from '../../scripts/validate/checks/terraform/modules.ts';
import { requireTool } from '../helpers/tools.ts';
import { REPO } from '../helpers/validate-cli.ts';
import { FIXTURES, fixtureContext } from './context.ts';

/** A loopback HTTP server that counts every connection made to it (a TLS attempt is a connection too). */
async function countingServer(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return { server, port: address.port, connections: () => connections };
}

/**
 * `npm run validate -- --root <cwd>` as a user runs it, without blocking this process: the counting server
 * must be able to accept while terraform runs (a synchronous spawn would leave its connections in the backlog).
 */
function validateCli(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const npmArgs = ['run', '--silent', '--prefix', REPO, 'validate', '--', '--root', cwd, ...args];
    execFile('npm', npmArgs, { cwd, env, timeout: 240_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A tree holding one Terraform module with `main.tf`, in its own temporary directory. */
function tree(mainTf: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tf-untrusted-'));
  mkdirSync(join(root, 'infra'));
  writeFileSync(join(root, 'infra', 'main.tf'), mainTf);
  return root;
}

describe('terraform check', () => {
  // Every test gets a cache of its own, so that no result from another run answers for it.
  let cache = '';
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'tf-cache-'));
    process.env.PLATFORM_VALIDATE_CACHE = cache;
  });
  after(() => {
    delete process.env.PLATFORM_VALIDATE_CACHE;
    rmSync(cache, { recursive: true, force: true });
  });

  it('allows the filesystem mirror for every provider and no direct installation', () => {
    const config = cliConfigText('/srv/mirror');
    assert.match(config, /filesystem_mirror \{\n\s+path\s+= "\/srv\/mirror"\n\s+include = \["\*\/\*\/\*"\]/);
    assert.doesNotMatch(config, /direct|network_mirror/);
  });

  it("takes only the mirror path from a user's CLI config, never its direct installation", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-user-config-'));
    try {
      const user = join(dir, 'user.tfrc');
      writeFileSync(user, 'provider_installation {\n  filesystem_mirror {\n    path = "/srv/users-mirror"\n  }\n  direct {}\n}\n');
      const tf = await terraformEnv({ TF_CLI_CONFIG_FILE: user, PATH: '/usr/bin', AWS_SECRET_ACCESS_KEY: 'x' });
      try {
        assert.notEqual(tf.env.TF_CLI_CONFIG_FILE, user);
        const written = readFileSync(tf.env.TF_CLI_CONFIG_FILE ?? '', 'utf8');
        assert.match(written, /path\s+= "\/srv\/users-mirror"/);
        assert.doesNotMatch(written, /direct/);
        assert.equal(tf.env.AWS_SECRET_ACCESS_KEY, undefined);
        assert.equal(tf.providerSource, 'the filesystem mirror /srv/users-mirror');
      } finally {
        await tf.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each run its own private temporary directory and removes it afterwards', async () => {
    const [a, b] = await Promise.all([terraformEnv({}), terraformEnv({})]);
    try {
      assert.notEqual(a.runDir, b.runDir);
      for (const run of [a, b]) assert.equal(statSync(run.runDir).mode & 0o777, 0o700);
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
    assert.equal(existsSync(a.runDir), false);
  });

  it('finds module calls and their sources, skipping comments, strings and heredocs', () => {
    const calls = moduleCalls(
      ['# module "c" { source = "x" }', 'locals { a = "}" }', 'module "vpc" {', '  source = "terraform-aws-modules/vpc/aws"', '  p = <<EOT', '}', 'EOT', '}', 'run "t" {', '  module {', '    source = "./m"', '  }', '}'].join('\n'),
    );
    assert.deepEqual(calls.map((c) => [c.name, c.source, c.line, c.column]), [['vpc', 'terraform-aws-modules/vpc/aws', 3, 1], ['', './m', 10, 3]]);
  });

  it('finds the first line terraform fmt would change in its diff', () => {
    const diff = ['main.tf', '--- old/main.tf', '+++ new/main.tf', '@@ -9,4 +9,4 @@', ' resource "x" "y" {', '-  a = 1', '+  a    = 1', ' }'].join('\n');
    assert.deepEqual([...firstChanges(diff)], [['main.tf', 10]]);
  });

  it('passes a formatted, valid configuration without writing into the checkout', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const result = await terraformCheck.run(fixtureContext('terraform/clean'));
    assert.deepEqual(result, { findings: [], skipped: [] });
    assert.equal(existsSync(join(FIXTURES, 'terraform', 'clean', '.terraform')), false);
    assert.equal(existsSync(join(FIXTURES, 'terraform', 'clean', '.terraform.lock.hcl')), false);
  });

  it('reports an unformatted file and an argument the provider does not know, at their lines', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const { findings } = await terraformCheck.run(fixtureContext('terraform/mistakes'));
    const fmt = findings.find((f) => f.rule === 'terraform-fmt');
    const validate = findings.find((f) => f.rule === 'terraform-validate');
    assert.deepEqual([fmt?.file, fmt?.line], ['main.tf', 11]);
    assert.deepEqual([validate?.file, validate?.line, validate?.column], ['main.tf', 12, 3]);
    assert.match(validate?.message ?? '', /Did you mean "enable_dns_hostnames"\?/);
  });

  it('reports a provider that terraform init cannot install from the offline source as a finding on the module', async (t) => {
    if (!(await requireTool(t, 'terraform'))) return;
    const { findings, skipped } = await terraformCheck.run(fixtureContext('terraform/init-failure'));
    assert.deepEqual(skipped, []);
    const [f] = findings.filter((x) => x.rule === 'terraform-init');
    assert.deepEqual([f?.file, f?.line, f?.column], ['main.tf', 4, 7]);
    assert.match(f?.message ?? '', /hashicorp\/awss/);
  });

  describe('on a tree nobody here wrote (through the CLI)', () => {
    it('never contacts the host of a provider source outside the mirror, and says the provider cannot be installed', async (t) => {
      if (!(await requireTool(t, 'terraform'))) return;
      const registry = await countingServer();
      const root = tree(`terraform {\n  required_providers {\n    evil = {\n      source = "127.0.0.1:${registry.port}/acme/evil"\n    }\n  }\n}\n`);
      try {
        const run = await validateCli(root, ['--format', 'json', 'infra'], { ...process.env, PLATFORM_VALIDATE_CACHE: cache });
        assert.equal(registry.connections(), 0);
        assert.equal(run.status, 1, run.stderr);
        const report = JSON.parse(run.stdout) as { findings: Array<{ file: string; line: number; rule: string; message: string }> };
        const init = report.findings.find((f) => f.rule === 'terraform-init');
        assert.deepEqual([init?.file, init?.line], ['infra/main.tf', 4]);
      } finally {
        registry.server.close();
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('does not fetch a registry module and reports it as not checked offline at its block', async (t) => {
      if (!(await requireTool(t, 'terraform'))) return;
      const registry = await countingServer();
      const root = tree(
        [
          'module "network" {',
          `  source  = "127.0.0.1:${registry.port}/acme/network/aws"`,
          '  version = "1.0.0"',
          '}',
          '',
          'output "vpc" {',
          '  value = module.network.vpc_id',
          '}',
          '',
        ].join('\n'),
      );
      try {
        const run = await validateCli(root, ['--format', 'json', 'infra'], { ...process.env, PLATFORM_VALIDATE_CACHE: cache });
        assert.equal(registry.connections(), 0);
        assert.equal(run.status, 0, run.stdout + run.stderr);
        const report = JSON.parse(run.stdout) as { findings: Array<{ file: string; line: number; column: number; severity: string; rule: string; message: string }> };
        assert.deepEqual(
          report.findings.map((f) => [f.file, f.line, f.column, f.severity, f.rule]),
          [['infra/main.tf', 1, 1, 'warning', 'terraform-module-not-checked']],
        );
        assert.match(report.findings[0]?.message ?? '', /module "network" comes from "127\.0\.0\.1:\d+\/acme\/network\/aws".*not checked offline/);
      } finally {
        registry.server.close();
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe('with a warm cache', () => {
    /** A `terraform` first on the PATH that logs its sub-command and runs the real one. */
    function loggingTerraform(real: string): { dir: string; log: string; commands: () => string[] } {
      const dir = mkdtempSync(join(tmpdir(), 'tf-shim-'));
      const log = join(dir, 'calls.log');
      writeFileSync(join(dir, 'terraform'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`);
      chmodSync(join(dir, 'terraform'), 0o755);
      return { dir, log, commands: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
    }

    it('runs neither init nor validate for an unchanged module, and no init after a change that keeps its providers', async (t) => {
      const real = await requireTool(t, 'terraform');
      if (!real) return;
      const shim = loggingTerraform(real);
      const own = mkdtempSync(join(tmpdir(), 'tf-cache-warm-'));
      const path = process.env.PATH;
      process.env.PATH = `${shim.dir}:${path}`;
      process.env.PLATFORM_VALIDATE_CACHE = own;
      try {
        const ctx = fixtureContext('terraform/mistakes');
        const cold = await terraformCheck.run(ctx);
        assert.ok(shim.commands().includes('init'));
        rmSync(shim.log, { force: true });
        assert.deepEqual(await terraformCheck.run(ctx), cold);
        assert.deepEqual(shim.commands(), []);
        rmSync(shim.log, { force: true });
        const main = ctx.files.find((f) => f.path === 'main.tf')!;
        const changed = { ...ctx, files: ctx.files.map((f) => (f === main ? { ...f, text: `${f.text}\n` } : f)) };
        // The copy is made from the files on disk; edit a copy of the fixture rather than the fixture.
        const root = mkdtempSync(join(tmpdir(), 'tf-changed-'));
        for (const f of changed.files) writeFileSync(join(root, f.path), f.text);
        await terraformCheck.run({ ...changed, root, files: changed.files.map((f) => ({ ...f, absPath: join(root, f.path) })) });
        rmSync(root, { recursive: true, force: true });
        assert.deepEqual(shim.commands().filter((c) => c !== 'fmt'), ['validate']);
      } finally {
        process.env.PATH = path;
        process.env.PLATFORM_VALIDATE_CACHE = cache;
        rmSync(shim.dir, { recursive: true, force: true });
        rmSync(own, { recursive: true, force: true });
      }
    });
  });
});
