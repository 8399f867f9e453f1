// One mistake is reported once, at the mistake, with what follows from it folded under it: a file
// that breaks the renders built on it, and a value changed at one place that every other place
// still disagrees with. In a copy of the repository, through `npm run validate`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { JsonReport } from '../../scripts/validate/report/json.ts';
import { readFacts, type EnvFacts } from '../../scripts/validate/rules/layers/facts.ts';
import { copyRepository, lineNumber, mistake, removeCopy } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';
import { REPO, runValidateCli, type CliRun } from '../helpers/validate-cli.ts';

const COPIED = ['.github', 'base', 'clusters', 'compose', 'config', 'docs', 'jobs', 'overlays', 'scripts', 'terraform', 'README.md', 'package.json', 'tsconfig.json', 'validate.config.yaml'];
const copies: string[] = [];
after(() => copies.forEach(removeCopy));

interface Outcome {
  report: JsonReport;
  text: string;
  status: number;
}

/**
 * `npm run validate` of the copy itself, as a user runs it in their checkout: its own validator, so
 * its own scripts/environments.ts is the trusted source and the generated-drift check runs on it.
 */
function runOwnValidate(root: string, args: readonly string[]): CliRun {
  const r = spawnSync('npm', ['run', '--silent', 'validate', '--', ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Validates a fresh copy after `edit`, as JSON and (unless `text` is false) as text; `own` runs the copy's own validator. */
function validateCopyAfter(edit: (root: string) => void, { own = false, text = true } = {}): Outcome {
  const root = copyRepository(own ? [...COPIED, 'package.json'] : COPIED, 'cause-first-');
  copies.push(root);
  if (own) symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  edit(root);
  const run = (args: string[]): CliRun => (own ? runOwnValidate(root, args) : runValidateCli(root, args));
  const json = run(['--format', 'json']);
  assert.ok(json.stdout.startsWith('{'), json.stderr);
  return { report: JSON.parse(json.stdout) as JsonReport, text: text ? run([]).stdout : '', status: json.status };
}

const errorsOf = (r: JsonReport): string[] => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.rule}`);
const foldedRules = (r: JsonReport): string[] => [...new Set(r.folded.map((f) => f.rule))].sort();

/** The report has exactly the one error and at least one consequence folded under it, of each of `rules`. */
function assertOneCause(o: Outcome, cause: { file: string; line: number; rule: string }, rules = ['kustomize-build']): void {
  assert.deepEqual(errorsOf(o.report), [`${cause.file}:${cause.line} ${cause.rule}`], JSON.stringify(o.report.findings, null, 1));
  assert.equal(o.report.summary.errors, 1);
  assert.equal(o.status, 1);
  assert.ok(o.report.folded.length > 0, 'the consequences are listed in the JSON report');
  for (const f of o.report.folded) assert.deepEqual(f.causedBy, cause, `${f.file}:${f.line} ${f.rule}`);
  assert.equal(o.report.summary.folded, o.report.folded.length);
  for (const rule of rules) assert.ok(o.report.folded.some((f) => f.rule === rule), `the ${rule} findings that follow from the mistake are folded under it`);
  if (o.text) {
    assert.match(o.text, new RegExp(`\\(${o.report.folded.length} consequences folded; --verbose shows them\\)`));
    assert.match(o.text, / 1 error, /);
  }
}

/** The production environment's facts in the copy's typed source, read as the validator reads them. */
function productionFacts(root: string): EnvFacts & { name: string } {
  const facts = readFacts(readFileSync(join(root, 'scripts/environments.ts'), 'utf8'));
  const found = [...(facts?.envs ?? [])].find(([, e]) => e.tier === 'production');
  assert.ok(found, 'scripts/environments.ts has no environment of tier production; adapt this test');
  return { name: found[0], ...found[1] };
}

/** Replaces the one string literal `'from'` in the copy's typed source; returns the line it is on. */
function changeLiteral(root: string, from: string, to: string): number {
  const file = join(root, 'scripts/environments.ts');
  const text = readFileSync(file, 'utf8');
  assert.equal(text.split(`'${from}'`).length, 2, `scripts/environments.ts does not write '${from}' exactly once; adapt this test`);
  writeFileSync(file, text.replace(`'${from}'`, `'${to}'`));
  return lineNumber(root, 'scripts/environments.ts', new RegExp(`'${to}'`));
}

/** The copy's overlay of `env` with its namespace changed to `to`; returns the line of `namespace:`. */
function changeOverlayNamespace(root: string, env: string, to: string): number {
  const file = `overlays/${env}/kustomization.yaml`;
  mistake(root, file, /^namespace: /, () => `namespace: ${to}`, () => 1);
  return lineNumber(root, file, /^namespace: /);
}

test('a kustomization resource naming a missing file is one error at that entry', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    mistake(root, 'base/kafka/kustomization.yaml', /^\s+- pdb\.yaml$/, (l) => `${l}\n  - missing.yaml`, () => 1);
    line = lineNumber(root, 'base/kafka/kustomization.yaml', /^\s+- missing\.yaml$/);
  });
  assertOneCause(o, { file: 'base/kafka/kustomization.yaml', line, rule: 'kustomize-build' });
  assert.match(o.report.findings[0]!.message, /"missing\.yaml" names base\/kafka\/missing\.yaml, which does not exist/);
});

test('a duplicate key in a base manifest is one error at the repeated key', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    const at = mistake(root, 'base/kafka/statefulset.yaml', /^\s+serviceName: /, (l) => `${l}\n${l}`, () => 1);
    line = Number(at.split(':')[1]) + 1;
  });
  assertOneCause(o, { file: 'base/kafka/statefulset.yaml', line, rule: 'yaml-duplicate-key' });
});

test('a YAML syntax error in a base manifest is one error at its line', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    const at = mistake(root, 'base/kafka/statefulset.yaml', /^\s+serviceName: /, (l) => `${l}: oops`, () => 1);
    line = Number(at.split(':')[1]);
  });
  assertOneCause(o, { file: 'base/kafka/statefulset.yaml', line, rule: 'yaml-syntax' });
});

test("an overlay's changed namespace is one error at its namespace: line, the Application and the out-of-band references folded", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let env = '';
  let line = 0;
  const o = validateCopyAfter((root) => {
    env = productionFacts(root).name;
    line = changeOverlayNamespace(root, env, 'logging-x');
  });
  assertOneCause(o, { file: `overlays/${env}/kustomization.yaml`, line, rule: 'namespace-mismatch' }, ['argocd-namespace', 'missing-reference']);
  assert.match(o.report.findings[0]!.message, /sets namespace logging-x, but \w+'s namespace is [\w-]+ \(scripts\/environments\.ts:\d+\).*Set it back/);
});

test('a topic changed in the typed source and not regenerated is one error at its literal, the configs and generated lines folded', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const prod = productionFacts(root);
      assert.ok(prod.topic, "the production environment's topic is not a plain string; adapt this test");
      line = changeLiteral(root, prod.topic, `${prod.topic}-v2`);
    },
    { own: true },
  );
  assertOneCause(o, { file: 'scripts/environments.ts', line, rule: 'topic-mismatch' }, ['generated-drift', 'topic-mismatch']);
  assert.match(o.report.findings[0]!.message, /run `npm run generate`/);
});

test('an index changed in the typed source and not regenerated is one error at its literal', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const prod = productionFacts(root);
      assert.ok(prod.index, "the production environment's index is not a plain string; adapt this test");
      // Not `<index>-v2`: the old template's `<index>-*` would still cover it.
      line = changeLiteral(root, prod.index, `${prod.index}2`);
    },
    { own: true, text: false },
  );
  assertOneCause(o, { file: 'scripts/environments.ts', line, rule: 'index-mismatch' }, ['generated-drift', 'index-mismatch']);
});

test('a second, unrelated mistake beside a changed namespace is not folded under it', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let env = '';
  let line = 0;
  let unrelated = 0;
  const o = validateCopyAfter((root) => {
    env = productionFacts(root).name;
    line = changeOverlayNamespace(root, env, 'logging-x');
    // A Secret no configuration declares, in any namespace: missing whatever the overlay's namespace.
    const at = mistake(root, `overlays/${env}/patches/grafana.yaml`, /^\s+name: grafana-admin$/, (l) => l.replace('grafana-admin', 'grafana-nobody'), () => 1);
    unrelated = Number(at.split(':')[1]);
  }, { text: false });
  const patch = `overlays/${env}/patches/grafana.yaml`;
  assert.deepEqual(errorsOf(o.report).sort(), [`overlays/${env}/kustomization.yaml:${line} namespace-mismatch`, `${patch}:${unrelated} missing-reference`].sort(), JSON.stringify(o.report.findings, null, 1));
  assert.ok(o.report.folded.some((f) => f.rule === 'missing-reference'), 'the references the namespace change broke are still folded');
  assert.ok(!o.report.folded.some((f) => f.file === patch && f.line === unrelated), 'the unrelated reference is not folded');
});

test('an unrelated hand edit of a generated file beside a changed topic is not folded under it', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let env = '';
  let line = 0;
  let edited = 0;
  const o = validateCopyAfter(
    (root) => {
      const prod = productionFacts(root);
      env = prod.name;
      line = changeLiteral(root, prod.topic!, `${prod.topic}-v2`);
      const at = mistake(root, `config/${env}/prometheus.yml`, /^\s+scrape_interval: /, (l) => l.replace(/scrape_interval: \S+/, 'scrape_interval: 17s'), () => 1);
      edited = Number(at.split(':')[1]);
    },
    { own: true, text: false },
  );
  assert.deepEqual(
    errorsOf(o.report).sort(),
    [`scripts/environments.ts:${line} topic-mismatch`, `config/${env}/prometheus.yml:${edited} generated-drift`].sort(),
    JSON.stringify(o.report.findings, null, 1),
  );
  assert.ok(o.report.folded.some((f) => f.rule === 'generated-drift'), "the generated lines that hold the old topic are still folded");
});

test("a second mistake in a base file that a working overlay reads is not folded under another overlay's failed render", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let env = '';
  let entry = 0;
  let broker = 0;
  const o = validateCopyAfter(
    (root) => {
      env = productionFacts(root).name;
      // Only the production overlay fails to build; the other overlay still renders the bases.
      mistake(root, `overlays/${env}/kustomization.yaml`, /^resources:$/, (l) => `${l}\n  - missing.yaml`, () => 1);
      entry = lineNumber(root, `overlays/${env}/kustomization.yaml`, /^\s+- missing\.yaml$/);
      const at = mistake(root, 'base/producer/deployment.yaml', /^\s+value: kafka:9092$/, (l) => l.replace('9092', '9093'), () => 1);
      broker = Number(at.split(':')[1]);
    },
    { text: false },
  );
  assert.deepEqual(
    errorsOf(o.report).sort(),
    [`overlays/${env}/kustomization.yaml:${entry} kustomize-build`, `base/producer/deployment.yaml:${broker} broker-mismatch`].sort(),
    JSON.stringify(o.report.findings, null, 1),
  );
  assert.ok(!o.report.folded.some((f) => f.file === 'base/producer/deployment.yaml'), 'the base file is judged through the overlay that renders it');
});

/** Changes the `port:` line of Service `name` in `file` from `from` to `to`; returns the line. */
function changeServicePort(root: string, file: string, name: string, from: number, to: number): number {
  const at = lineNumber(root, file, new RegExp(`^  name: ${name}$`));
  mistake(root, file, new RegExp(`^\\s+port: ${from}$`), (l) => l.replace(String(from), String(to)), () => 1, at);
  return lineNumber(root, file, new RegExp(`^\\s+port: ${to}$`), at);
}

test("a Service's port changed in its base is one error at its port: line, every client's bootstrap address folded under it", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter((root) => {
    line = changeServicePort(root, 'base/kafka/services.yaml', 'kafka', 9092, 9093);
  });
  assertOneCause(o, { file: 'base/kafka/services.yaml', line, rule: 'broker-mismatch' }, ['broker-mismatch']);
  assert.ok(o.report.folded.some((f) => f.file === 'base/producer/deployment.yaml'), "the producer's bootstrap address is folded");
  assert.ok(o.report.folded.some((f) => f.file.endsWith('/logstash.conf')), "Logstash's bootstrap_servers is folded");
  assert.match(o.report.findings[0]!.message, /Service kafka's port "kafka" is 9093, but .* use kafka:9092 and its pods listen on 9092: set it back to 9092/);
});

test('one client whose port differs from what the Service and the other clients use is the error, at that client', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const at = mistake(root, 'base/producer/deployment.yaml', /^\s+value: kafka:9092$/, (l) => l.replace('9092', '9093'), () => 1);
      line = Number(at.split(':')[1]);
    },
    { text: false },
  );
  assert.deepEqual(errorsOf(o.report), [`base/producer/deployment.yaml:${line} broker-mismatch`], JSON.stringify(o.report.findings, null, 1));
  assert.deepEqual(o.report.folded, []);
});

test("a Service port that its one client and its pods still agree on is one error at the Service, the client's finding folded", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      line = changeServicePort(root, 'base/prometheus/services.yaml', 'prometheus', 9090, 9091);
    },
    { text: false },
  );
  assertOneCause(o, { file: 'base/prometheus/services.yaml', line, rule: 'grafana-datasource-unresolved' }, ['grafana-datasource-unresolved']);
});

test("a container port renamed under the Services and probes that use its name is one error at its name:, their findings folded", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const ports = lineNumber(root, 'base/kafka/statefulset.yaml', /^\s+ports:$/);
      const at = mistake(root, 'base/kafka/statefulset.yaml', /^\s+- name: kafka$/, (l) => l.replace('kafka', 'broker'), () => 1, ports);
      line = Number(at.split(':')[1]);
    },
    { text: false },
  );
  assertOneCause(o, { file: 'base/kafka/statefulset.yaml', line, rule: 'service-target-port' }, ['service-target-port', 'probe-port']);
  assert.match(o.report.findings[0]!.message, /port 9092 is named "broker", but Service kafka, .* still call it "kafka"/);
});

test("one Service whose targetPort differs from the name its pods and other references use is the error, at that Service", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const svc = lineNumber(root, 'base/kafka/services.yaml', /^  name: kafka$/);
      const at = mistake(root, 'base/kafka/services.yaml', /^\s+targetPort: kafka$/, (l) => l.replace('kafka', 'kafkaa'), () => 1, svc);
      line = Number(at.split(':')[1]);
    },
    { text: false },
  );
  assert.deepEqual(errorsOf(o.report), [`base/kafka/services.yaml:${line} service-target-port`], JSON.stringify(o.report.findings, null, 1));
  assert.deepEqual(o.report.folded, []);
});

test("a Service's port changed by an overlay's JSON 6902 patch is one error at the patch's value, the overlay's clients folded", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let env = '';
  const o = validateCopyAfter(
    (root) => {
      env = productionFacts(root).name;
      writeFileSync(join(root, `overlays/${env}/patches/kafka-port.yaml`), '- op: replace\n  path: /spec/ports/0/port\n  value: 9093\n');
      mistake(root, `overlays/${env}/kustomization.yaml`, /^patches:$/, (l) => `${l}\n  - path: patches/kafka-port.yaml\n    target:\n      kind: Service\n      name: kafka`, () => 1);
    },
    { text: false },
  );
  assertOneCause(o, { file: `overlays/${env}/patches/kafka-port.yaml`, line: 3, rule: 'broker-mismatch' }, ['broker-mismatch']);
});

test("a compose service's expose entry changed under its clients is one error at that entry, the clients folded", async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  let line = 0;
  const o = validateCopyAfter(
    (root) => {
      const kafka = lineNumber(root, 'compose/compose.yaml', /^  kafka:$/);
      const expose = lineNumber(root, 'compose/compose.yaml', /^\s+expose:$/, kafka);
      const at = mistake(root, 'compose/compose.yaml', /^\s+- "9092"$/, (l) => l.replace('9092', '9093'), () => 1, expose);
      line = Number(at.split(':')[1]);
    },
    { text: false },
  );
  assert.deepEqual(errorsOf(o.report), [`compose/compose.yaml:${line} broker-mismatch`], JSON.stringify(o.report.findings, null, 1));
  assert.ok(o.report.folded.some((f) => f.rule === 'broker-mismatch' && f.file === 'compose/compose.yaml'), "the producer's KAFKA_BROKERS is folded");
  for (const f of o.report.folded) assert.deepEqual(f.causedBy, { file: 'compose/compose.yaml', line, rule: 'broker-mismatch' });
});
