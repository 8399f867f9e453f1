// Patterns common in public GitOps repositories that are not mistakes, each with a fixture of its
// own, run through the CLI: none of them is reported, and the one real mistake beside them is.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { requireTool } from '../helpers/tools.ts';
import { writeTree } from '../helpers/tree.ts';
import { runValidateCli } from '../helpers/validate-cli.ts';
import { FIXTURES } from './context.ts';
import type { Finding as Found } from '../../scripts/validate/types.ts';

interface Reported {
  file: string;
  line: number;
  rule: string;
}

function findings(fixture: string): { status: number; reported: string[] } {
  const r = runValidateCli(join(FIXTURES, fixture), ['--format', 'json']);
  assert.ok(r.stdout, r.stderr);
  const all = (JSON.parse(r.stdout) as { findings: Reported[] }).findings;
  return { status: r.status, reported: all.map((f) => `${f.rule} ${f.file}:${f.line}`) };
}

test('a numeric targetPort reaches a container that declares no ports; a port name does not', async (t) => {
  if (!(await requireTool(t, 'kubectl'))) return;
  const r = findings('target-port-undeclared');
  assert.deepEqual(r.reported, ['service-target-port app/objects.yaml:38']);
});

test('argocd-path accepts plain-directory, Helm and Jsonnet sources and leaves other repositories alone', () => {
  const r = findings('argocd-sources');
  assert.deepEqual(r.reported, ['argocd-path applications.yaml:40']);
  assert.equal(r.status, 1);
});

test('a CRD pattern in Go RE2 syntax ((?i)) compiles, and objects of its kind are checked against it', () => {
  const r = findings('crd-re2');
  assert.deepEqual(r.reported, ['k8s-schema widgets.yaml:14']);
});

test('each item of a List (kind: List, ServiceList, DeploymentList) is checked by the schemas and the rules, in place', () => {
  const r = findings('list-kinds');
  assert.deepEqual(r.reported, ['k8s-unknown-field list.yaml:15', 'k8s-invalid-type list.yaml:27', 'image-tag list.yaml:47']);
});

const tree = (t: TestContext, files: Record<string, string>): string => writeTree(t, files, 'false-alarms-');

const report = (root: string): Found[] => {
  const r = runValidateCli(root, ['--format', 'json']);
  assert.ok(r.stdout, r.stderr);
  return (JSON.parse(r.stdout) as { findings: Found[] }).findings;
};

const POD = (securityContext: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27.2\n      securityContext:\n${securityContext}`;

test('a policy finding says it is this platform\'s policy and how to turn it off', (t) => {
  const root = tree(t, { 'pod.yaml': POD('        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [ALL]\n') });
  const probes = report(root).find((f) => f.rule === 'probes');
  assert.ok(probes, 'the pod has no probes');
  assert.match(probes.message, /a policy of this platform, not a Kubernetes error; to turn it off: --disable-rule probes, or rules\.disable in validate\.config\.yaml/);
});

test('capabilities.drop written "all" is named as such, not reported as missing ALL', (t) => {
  const root = tree(t, { 'pod.yaml': POD('        runAsNonRoot: true\n        allowPrivilegeEscalation: false\n        capabilities:\n          drop: [all]\n') });
  const found = report(root).find((f) => f.rule === 'security-context');
  assert.ok(found);
  assert.match(found.message, /capabilities\.drop says "all"; write ALL/);
  assert.doesNotMatch(found.message, /does not include ALL/);
});

test('a compose file beside compose.yaml may use the services compose.yaml defines', (t) => {
  const root = tree(t, {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27.2\n',
    'compose.agent.yaml': 'services:\n  agent:\n    image: busybox:1.37.0\n    depends_on: [web]\n',
    'other/compose.yaml': 'services:\n  agent:\n    image: busybox:1.37.0\n    depends_on: [web]\n',
  });
  const found = report(root).filter((f) => f.rule === 'compose-undefined-service').map((f) => `${f.file}:${f.line}`);
  assert.deepEqual(found, ['other/compose.yaml:4'], 'only the file with no compose.yaml beside it that defines web');
});

test('amtool\'s URL error is placed at the url field, not at line 0', async (t) => {
  if (!(await requireTool(t, 'amtool'))) return;
  const root = tree(t, {
    'alertmanager.yml': 'route:\n  receiver: team\nreceivers:\n  - name: team\n    slack_configs:\n      - api_url: url\n        channel: "#alerts"\n',
  });
  const found = report(root).filter((f) => f.rule === 'amtool-config');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.line, 6);
});

test('a flow sequence closed at its key\'s indentation is read, and findings inside it are placed', (t) => {
  const root = tree(t, {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27.2\n    command: [\n      "a",\n    ]\n',
    'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  items: [\n    "a",\n  ]\n',
  });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line}`);
  assert.deepEqual(found, ['k8s-invalid-type cm.yaml:6']);
});

test('a flow item written left of its key\'s indentation is still a yaml-syntax error', (t) => {
  const root = tree(t, { 'config.yaml': 'a:\n  b: [\n"x"]\n' });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line}`);
  assert.deepEqual(found, ['yaml-syntax config.yaml:3']);
});

test('a tool config file with apiVersion and kind but no metadata (kind\'s Cluster, kube-scheduler\'s Policy) is not an unknown kind', (t) => {
  const root = tree(t, {
    'kind.yaml': 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n',
    'scheduler.yaml': 'apiVersion: v1\nkind: Policy\npredicates:\n  - name: PodFitsHostPorts\n',
  });
  assert.deepEqual(report(root), []);
});

test('a misspelt kind is an unknown kind with or without metadata, and an unknown custom kind with metadata is too', (t) => {
  const root = tree(t, {
    'typo.yaml': 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deploymnet\nspec: {}\n',
    'custom.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
  });
  const all = report(root);
  assert.deepEqual(
    all.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ['k8s-unknown-kind custom.yaml:2', 'k8s-unknown-kind typo.yaml:2', 'k8s-unknown-kind typo.yaml:7'],
  );
  assert.match(all[2]!.message, /\(Deploymnet\)$/, 'an object with no name is named by its kind alone');
});

test('a bind-mount source the tree\'s .gitignore lists is not missing; one it does not list is', (t) => {
  const root = tree(t, {
    '.gitignore': 'data/\n*.log\n',
    'stack/.gitignore': '/cache\n!keep/\n',
    'stack/compose.yaml':
      'services:\n  web:\n    image: nginx:1.27.2\n    volumes:\n      - ./data:/data\n      - ./cache:/cache\n      - ./run.log:/run.log\n      - ./keep:/keep\n      - ./typo:/typo\n',
  });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line}`);
  assert.deepEqual(found, ['compose-missing-mount stack/compose.yaml:8', 'compose-missing-mount stack/compose.yaml:9']);
});

const WORKFLOW = (labels: string): string =>
  `on: push\njobs:\n  build:\n    strategy:\n      matrix:\n        os: [${labels}]\n    runs-on: \${{ matrix.os }}\n    steps:\n      - run: echo hi\n`;

test('current GitHub-hosted runner labels (macos-26, ubuntu-24.04-arm, windows-2025) are known to actionlint; a made-up one is not', (t) => {
  const root = tree(t, { '.github/workflows/ci.yml': WORKFLOW('macos-26, ubuntu-24.04-arm, windows-2025, windows-11-arm, macos-27') });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line} ${/label "[^"]+"/.exec(f.message)?.[0]}`);
  assert.deepEqual(found, ['actionlint .github/workflows/ci.yml:6 label "macos-27"']);
});

test('self-hosted runner labels the tree declares in .github/actionlint.yaml are known to actionlint', (t) => {
  const root = tree(t, {
    '.github/actionlint.yaml': 'self-hosted-runner:\n  labels:\n    - gpu-large\n',
    '.github/workflows/ci.yml': WORKFLOW('gpu-large, gpu-small'),
  });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line} ${/label "[^"]+"/.exec(f.message)?.[0]}`);
  assert.deepEqual(found, ['actionlint .github/workflows/ci.yml:6 label "gpu-small"']);
});

test('an object with only generateName is named by that prefix and * in messages (Job report-*)', (t) => {
  const root = tree(t, {
    'job.yaml':
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: report-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: run\n          image: busybox:1.37.0\n',
  });
  const found = report(root).find((f) => f.rule === 'automount-token');
  assert.ok(found, 'the Job mounts the default token');
  assert.match(found.message, /^Job report-\* mounts the token/);
});

test('a list used as a mapping key is reported where it is written, not at 1:1', (t) => {
  const root = tree(t, { 'config.yaml': 'a: 1\nb:\n  c: 2\n  ? [x, y]\n  : 3\n' });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`);
  assert.deepEqual(found, ['yaml-syntax config.yaml:4:5']);
});

test('a compose layer may use the services another layer beside the same compose.yaml defines', (t) => {
  const root = tree(t, {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27.2\n',
    'compose.observability.yaml': 'services:\n  collector:\n    image: busybox:1.37.0\n',
    'compose.agent.yaml': 'services:\n  agent:\n    image: busybox:1.37.0\n    depends_on: [collector, web, colector]\n',
  });
  const found = report(root).filter((f) => f.rule === 'compose-undefined-service').map((f) => `${f.file}:${f.line} ${f.message}`);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /^compose\.agent\.yaml:4 .*"colector"/);
});

test('an unquoted {{placeholder}} is reported at the placeholder as a template, not at 1:1', (t) => {
  const root = tree(t, { 'rc.yaml': 'kind: ReplicationController\nspec:\n  replicas: {{replicas}}\n' });
  const found = report(root).map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.message}`);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /^yaml-syntax rc\.yaml:3:13 a template placeholder/);
});
