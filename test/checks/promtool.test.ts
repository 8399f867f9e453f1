import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promtoolCheck } from '../../scripts/validate/checks/promtool/index.ts';
import type { CheckResult, Finding } from '../../scripts/validate/types.ts';
import { requireTool } from '../helpers/tools.ts';
import { fixtureContext } from './context.ts';

const only = (findings: Finding[], file: string, rule: string): Finding[] => findings.filter((f) => f.file === file && f.rule === rule);

describe('promtool check', () => {
  // A cache of this file's own, so that no earlier run answers for a test.
  let cache = '';
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'promtool-cache-'));
    process.env.PLATFORM_VALIDATE_CACHE = cache;
  });
  after(() => {
    delete process.env.PLATFORM_VALIDATE_CACHE;
    rmSync(cache, { recursive: true, force: true });
  });

  it('passes a config whose rule_files are container paths of rule files beside it, its rules and their unit tests', async (t) => {
    if (!(await requireTool(t, 'promtool'))) return;
    const result = await promtoolCheck.run(fixtureContext('promtool/clean'));
    assert.deepEqual(result, { findings: [], skipped: [] });
  });

  describe('on Prometheus files with mistakes', () => {
    let result: CheckResult | null = null;
    before(async () => {
      result = await promtoolCheck.run(fixtureContext('promtool/mistakes'));
    });

    it('reports an unknown config field at its line and column', async (t) => {
      if (!(await requireTool(t, 'promtool')) || !result) return;
      const [f] = only(result.findings, 'prometheus.yml', 'promtool-config').filter((x) => x.line === 3);
      assert.equal(f?.column, 3);
      assert.match(f?.message ?? '', /field scrape_intervall not found/);
    });

    it('reports a rule file that exists neither at its path nor beside the config', async (t) => {
      if (!(await requireTool(t, 'promtool')) || !result) return;
      const [f] = only(result.findings, 'prometheus.yml', 'promtool-config').filter((x) => x.line === 5);
      assert.match(f?.message ?? '', /"\/etc\/prometheus\/absent-rules\.yml" does not exist/);
    });

    it('reports a rule expression that does not parse at its line', async (t) => {
      if (!(await requireTool(t, 'promtool')) || !result) return;
      const [f] = only(result.findings, 'rules.yml', 'promtool-rules');
      assert.equal(f?.line, 7);
      assert.match(f?.message ?? '', /"Broken": could not parse expression/);
    });

    it('reports a failing rule unit test at the alert it tests', async (t) => {
      if (!(await requireTool(t, 'promtool')) || !result) return;
      const [f] = only(result.findings, 'rules.test.yml', 'promtool-test');
      assert.equal(f?.line, 11);
      assert.match(f?.message ?? '', /alertname: TargetDown/);
    });
  });

  it('says it did not run, and how to get promtool, when promtool is not on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = await promtoolCheck.run(fixtureContext('promtool/clean'));
      assert.deepEqual(result.findings, []);
      assert.equal(result.skipped[0]?.check, 'promtool');
      assert.match(result.skipped[0]?.fix ?? '', /apt-get install -y prometheus/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('leaves an Alertmanager config and a Helm values file with a global key to others', async () => {
    assert.deepEqual(await promtoolCheck.run(fixtureContext('alertmanager/neighbours')), { findings: [], skipped: [] });
  });

  it('starts no promtool for files whose content, and what they load, has not changed since the last run', async (t) => {
    const real = await requireTool(t, 'promtool');
    if (!real) return;
    const shim = mkdtempSync(join(tmpdir(), 'promtool-shim-'));
    const log = join(shim, 'calls.log');
    writeFileSync(join(shim, 'promtool'), `#!/bin/sh\necho "$1 $2" >> '${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(shim, 'promtool'), 0o755);
    const calls = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    const path = process.env.PATH;
    process.env.PATH = `${shim}:${path}`;
    try {
      const ctx = fixtureContext('promtool/mistakes');
      const cold = await promtoolCheck.run(ctx);
      assert.equal(calls().length, 3);
      rmSync(log);
      assert.deepEqual(await promtoolCheck.run(ctx), cold);
      assert.deepEqual(calls(), []);
    } finally {
      process.env.PATH = path;
      rmSync(shim, { recursive: true, force: true });
    }
  });
});
