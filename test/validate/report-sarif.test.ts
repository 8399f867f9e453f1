import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import type { ValidationReport } from '../../scripts/validate/registry.ts';
import { formatSarif } from '../../scripts/validate/report/sarif.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';

// The OASIS SARIF 2.1.0 schema (draft-04), as Microsoft's SARIF SDK ships it.
const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// ajv-draft-04 is ajv for draft-04 schemas (SARIF's), CommonJS with its class as the default export.
const { default: AjvDraft04 } = createRequire(import.meta.url)('ajv-draft-04') as { default: typeof Ajv };
// unicodeRegExp off: the schema's pattern for `language` is not valid with the u flag (a stray `]`).
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
formatsModule.default(ajv);
const validSarif = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validSarif(log);
  assert.ok(ok, JSON.stringify(validSarif.errors, null, 2));
}

const report: ValidationReport = {
  root: '/work/repo with space',
  kubeVersion: '1.33',
  files: 3,
  objects: 1,
  checks: [
    {
      id: 'kubernetes-schema',
      description: 'schemas',
      findings: [{ file: 'base/web/deployment.yaml', line: 17, column: 11, severity: 'error', rule: 'k8s-unknown-field', message: 'unknown field "imagePulPolicy"' }],
      skipped: [],
      elapsedMs: 20,
    },
    {
      id: 'cross-checks',
      description: 'cross-checks',
      findings: [
        { file: 'odd name #1\n.yaml', line: 0, column: 0, severity: 'warning', rule: 'automount-token', message: 'token mounted' },
        { file: '', line: 0, column: 0, severity: 'error', rule: 'made-up-rule', message: 'about the run itself' },
      ],
      skipped: [{ check: 'shellcheck', reason: 'shellcheck is not on the PATH', fix: 'apt-get install -y shellcheck' }],
      elapsedMs: 1,
    },
  ],
  findings: [],
  skipped: [{ check: 'shellcheck', reason: 'shellcheck is not on the PATH', fix: 'apt-get install -y shellcheck' }],
  elapsedMs: 1234,
};
report.findings = report.checks.flatMap((c) => c.findings);

describe('SARIF report', () => {
  const log = JSON.parse(formatSarif(report)) as Log;
  const run = log.runs[0]!;

  it('is checked by a schema that rejects what is not SARIF (a run without a tool driver)', () => {
    assert.equal(validSarif({ version: '2.1.0', runs: [{ tool: {} }] }), false);
  });

  it('is valid SARIF 2.1.0, also with unknown lines, a finding about no file and an odd file name', () => {
    assert.equal(log.version, '2.1.0');
    assertValid(log);
  });

  it('lists each rule with results once in tool.driver.rules, with its description', () => {
    const rules = run.tool.driver.rules ?? [];
    assert.deepEqual(rules.map((r) => r.id), ['k8s-unknown-field', 'automount-token', 'made-up-rule']);
    assert.match(rules[1]?.shortDescription?.text ?? '', /automounts a service account token/);
    assert.match(rules[2]?.shortDescription?.text ?? '', /cross-checks check/);
    assert.deepEqual(run.results?.map((r) => r.ruleIndex), [0, 1, 2]);
  });

  it('locates a finding by a percent-encoded path relative to SRCROOT, and leaves out what is unknown', () => {
    const [located, unlined, nowhere] = run.results ?? [];
    assert.deepEqual(located?.locations?.[0]?.physicalLocation, { artifactLocation: { uri: 'base/web/deployment.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 17, startColumn: 11 } });
    assert.deepEqual(unlined?.locations?.[0]?.physicalLocation, { artifactLocation: { uri: 'odd%20name%20%231%0A.yaml', uriBaseId: 'SRCROOT' } });
    assert.equal(nowhere?.locations, undefined);
    assert.equal(run.originalUriBaseIds?.SRCROOT?.uri, 'file:///work/repo%20with%20space/');
  });

  it('reports a check that did not run as a notification of the invocation', () => {
    assert.match(run.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text ?? '', /shellcheck did not run: .*apt-get install -y shellcheck/);
  });

  it('is what `--format sarif` prints, valid against the schema', () => {
    const root = mkdtempSync(join(tmpdir(), 'sarif-cli-'));
    try {
      mkdirSync(join(root, 'base'));
      writeFileSync(join(root, 'base', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\nbogus: 1\n');
      const cli = runValidateCli(root, ['--format', 'sarif']);
      assert.equal(cli.status, 1, cli.stderr);
      const printed = JSON.parse(cli.stdout) as Log;
      assertValid(printed);
      const result = printed.runs[0]?.results?.find((r) => r.ruleId === 'k8s-unknown-field');
      assert.deepEqual(result?.locations?.[0]?.physicalLocation?.artifactLocation, { uri: 'base/cm.yaml', uriBaseId: 'SRCROOT' });
      assert.equal(result?.locations?.[0]?.physicalLocation?.region?.startLine, 7);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
