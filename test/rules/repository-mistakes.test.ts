// Issue 7, "done when": a mistake of each kind the cross-checks exist for, made in a copy of the
// repository, fails `npm run validate` (the real CLI, JSON report) with the rule id and the file and
// line where it was made, and nothing else. One copy and one CLI run per rule category; the mistakes
// of a category are made on different fields, so each is reported on its own, except where a second
// finding is the right consequence (a PDB selecting nothing leaves its workload without one). A hand
// edit of a generated file is also drift, folded under the finding on the edited line (causes.ts). Expected lines are found in the mutated files from the
// planted text, so unrelated edits to those files do not matter.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import { RULES } from '../../scripts/validate/rules/index.ts';
import { copyRepository, lineNumber, lineOf, mistake, removeCopy, runValidate } from '../helpers/repo-copy.ts';
import { requireTool } from '../helpers/tools.ts';

const COPIED = ['base', 'overlays', 'config', 'clusters', 'compose', 'jobs/Dockerfile', 'scripts/environments.ts', 'terraform/variables.tf', 'validate.config.yaml'];
/** What the cross-checks judge; the rest of the repository has no bearing on them and costs time. */
const VALIDATED = ['overlays', 'config', 'compose', 'base', 'clusters', 'scripts/environments.ts'];

interface ReportedFinding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

interface Run {
  status: number;
  findings: ReportedFinding[];
  folded: Array<ReportedFinding & { causedBy: { file: string; line: number; rule: string } }>;
}

const show = (f: ReportedFinding): string => `${f.rule} ${f.file}:${f.line}`;

/** Every rule some copy below expects a finding of. */
const planted = new Set<string>();

/** One copy of the repository with mistakes planted in it, validated once by the CLI on first use. */
class Copy {
  root = '';
  private run: Run | null = null;
  private readonly expected: string[] = [];
  private readonly expectedFolded: string[] = [];

  /** Rewrites the first line of `file` matching `pattern` after line `after`; the edit may add lines. */
  plant(file: string, pattern: RegExp, edit: (line: string) => string, after = 0): void {
    mistake(this.root, file, pattern, edit, () => 1, after);
  }

  line(file: string, pattern: RegExp, after = 0): number {
    return lineNumber(this.root, file, pattern, after);
  }

  /** `rule file:line` at the first line of `file` matching `pattern` after line `after`; the copy's run must report it. */
  expect(rule: string, file: string, pattern: RegExp, after = 0): string {
    const where = `${rule} ${lineOf(this.root, file, pattern, after)}`;
    this.expected.push(where);
    planted.add(rule);
    return where;
  }

  /** `rule file:line <- cause`, where `cause` is what `expect` returned for the finding it is folded under. */
  expectFolded(rule: string, file: string, pattern: RegExp, cause: string): string {
    const where = `${rule} ${lineOf(this.root, file, pattern)} <- ${cause}`;
    this.expectedFolded.push(where);
    return where;
  }

  /** The CLI's exit status and findings; null (the test is skipped) without kubectl outside CI. */
  async validate(t: TestContext): Promise<Run | null> {
    if (!(await requireTool(t, 'kubectl'))) return null;
    if (!this.run) {
      const r = runValidate(this.root, ['--format', 'json', ...VALIDATED]);
      let report: Partial<Pick<Run, 'findings' | 'folded'>> = {};
      try {
        report = JSON.parse(r.stdout) as Partial<Pick<Run, 'findings' | 'folded'>>;
      } catch {
        assert.fail(`validate exited ${r.status} without a JSON report:\n${r.stderr}`);
      }
      this.run = { status: r.status, findings: report.findings ?? [], folded: report.folded ?? [] };
    }
    return this.run;
  }

  /** Every finding of `rule` as `rule file:line`; null when the run was skipped. */
  async reported(t: TestContext, rule: string): Promise<string[] | null> {
    const run = await this.validate(t);
    return run && run.findings.filter((f) => f.rule === rule).map(show);
  }

  /** Every folded finding of `rule` as `rule file:line <- cause rule file:line`; null when the run was skipped. */
  async folded(t: TestContext, rule: string): Promise<string[] | null> {
    const run = await this.validate(t);
    return run && run.folded.filter((f) => f.rule === rule).map((f) => `${show(f)} <- ${f.causedBy.rule} ${f.causedBy.file}:${f.causedBy.line}`);
  }

  /** The run failed (exit 1) with exactly the expected findings. */
  async failsWithExactlyTheseFindings(t: TestContext): Promise<void> {
    const run = await this.validate(t);
    if (!run) return;
    const all = run.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`).join('\n');
    assert.deepEqual(run.findings.map(show).sort(), [...this.expected].sort(), all);
    // The drift of each hand edit exactly; any other consequence only under an expected cause.
    const drift = run.folded.filter((f) => f.rule === 'generated-drift').map((f) => `${show(f)} <- ${f.causedBy.rule} ${f.causedBy.file}:${f.causedBy.line}`);
    assert.deepEqual(drift.sort(), [...this.expectedFolded].sort());
    for (const f of run.folded) assert.ok(this.expected.includes(`${f.causedBy.rule} ${f.causedBy.file}:${f.causedBy.line}`), `${show(f)} is folded under a cause not expected`);
    assert.equal(run.status, 1, all);
  }
}

/** A copy for the tests of one describe block: made and planted before them, removed after them. */
function copyWith(plant: (c: Copy) => void): Copy {
  const c = new Copy();
  before(() => {
    c.root = copyRepository(COPIED, 'rule-mistakes-');
    plant(c);
  });
  after(() => removeCopy(c.root));
  return c;
}

/** `l` with everything from its first non-blank character replaced by `text`. */
const sameIndent = (l: string, text: string): string => l.replace(/\S.*$/, text);
const indent = (l: string): number => l.search(/\S/);

/** Asserts `rule` was reported exactly at `where` (skipped runs assert nothing). */
async function reportedOnlyAt(copy: Copy, t: TestContext, rule: string, where: string[]): Promise<void> {
  const r = await copy.reported(t, rule);
  if (r) assert.deepEqual(r.sort(), [...where].sort());
}

describe('within a render', () => {
  const made: Record<string, string> = {};
  const copy = copyWith((c) => {
    // The pods are labelled component log-ui; a selector term kustomize's own labels do not overwrite.
    c.plant('base/kibana/service.yaml', /^spec:$/, (l) => `${l}\n  selector:\n    app.kubernetes.io/component: ui`);
    made.serviceSelector = c.expect('service-selector-no-match', 'base/kibana/service.yaml', /^\s+selector:$/);

    c.plant('base/grafana/service.yaml', /^\s+targetPort: http$/, (l) => l.replace('http', 'web'));
    made.targetPort = c.expect('service-target-port', 'base/grafana/service.yaml', /^\s+targetPort: web$/);

    // A missing object is reported at the field that names it.
    const grafana = 'base/grafana/deployment.yaml';
    c.plant(grafana, /^\s+name: grafana-dashboards$/, (l) => l.replace('grafana-dashboards', 'grafana-dashboard'));
    made.reference = c.expect('missing-reference', grafana, /^\s+name: grafana-dashboard$/);

    // Logstash's pods are component log-pipeline.
    c.plant('base/logstash/pdb.yaml', /^\s+app\.kubernetes\.io\/name: logstash$/, (l) => `${l}\n${sameIndent(l, 'app.kubernetes.io/component: indexer')}`);
    made.pdbSelector = c.expect('pdb-selector-no-match', 'base/logstash/pdb.yaml', /^\s+selector:$/);
    // That PDB covered prod's replicated Logstash: its replicas (set per environment by the generated
    // Component) are now unprotected, reported at the workload's replicas.
    made.pdbMissing = c.expect('pdb-missing', 'base/logstash/statefulset.yaml', /^\s+replicas: \d+$/);

    const exporter = 'base/kafka-exporter/deployment.yaml';
    c.plant(exporter, /^\s+port: metrics$/, (l) => l.replace('metrics', 'http'), c.line(exporter, /^\s+readinessProbe:$/));
    made.probePort = c.expect('probe-port', exporter, /^\s+port: http$/);

    // A second NODE_ENV in front of the existing one.
    const producer = 'base/producer/deployment.yaml';
    c.plant(producer, /^\s+- name: NODE_ENV$/, (l) => `${l}\n${' '.repeat(l.indexOf('-') + 2)}value: development\n${l}`);
    made.duplicateEnv = c.expect('duplicate-env', producer, /^\s+- name: NODE_ENV$/, c.line(producer, /^\s+- name: NODE_ENV$/));

    // The ClusterIP Service instead of the headless one.
    c.plant('base/prometheus/statefulset.yaml', /^\s+serviceName: prometheus-headless$/, (l) => l.replace('prometheus-headless', 'prometheus'));
    made.headless = c.expect('statefulset-headless-service', 'base/prometheus/statefulset.yaml', /^\s+serviceName: prometheus$/);

    c.plant('base/network-policies/kibana.yaml', /^\s+app\.kubernetes\.io\/name: kibana$/, (l) => l.replace('kibana', 'kibana-ui'));
    made.networkPolicy = c.expect('networkpolicy-selector-no-match', 'base/network-policies/kibana.yaml', /^\s+podSelector:$/);

    // kustomize adds name and instance to both; the pods are component spark-master.
    c.plant('base/spark/master/deployment.yaml', /^spec:$/, (l) => `${l}\n  selector:\n    matchLabels:\n      app.kubernetes.io/component: master`);
    made.workloadSelector = c.expect('selector-template-mismatch', 'base/spark/master/deployment.yaml', /^\s+selector:$/);
  });

  test('a Service selector that no pod template carries is reported at the selector', async (t) => {
    await reportedOnlyAt(copy, t, 'service-selector-no-match', [made.serviceSelector!]);
  });

  test('a Service targetPort name its pods do not declare is reported at the targetPort', async (t) => {
    await reportedOnlyAt(copy, t, 'service-target-port', [made.targetPort!]);
  });

  test('a volume naming a ConfigMap that is not in the render is reported at the name', async (t) => {
    await reportedOnlyAt(copy, t, 'missing-reference', [made.reference!]);
  });

  test('a PodDisruptionBudget selector that matches no workload is reported at the selector', async (t) => {
    await reportedOnlyAt(copy, t, 'pdb-selector-no-match', [made.pdbSelector!]);
  });

  test('the replicated workload that PDB no longer covers is reported at its replicas', async (t) => {
    await reportedOnlyAt(copy, t, 'pdb-missing', [made.pdbMissing!]);
  });

  test('a probe port the container does not declare is reported at the probe port', async (t) => {
    await reportedOnlyAt(copy, t, 'probe-port', [made.probePort!]);
  });

  test('an environment variable set twice in one container is reported at the second one', async (t) => {
    await reportedOnlyAt(copy, t, 'duplicate-env', [made.duplicateEnv!]);
  });

  test('a StatefulSet whose serviceName names a Service with a cluster IP is reported at the serviceName', async (t) => {
    await reportedOnlyAt(copy, t, 'statefulset-headless-service', [made.headless!]);
  });

  test('a NetworkPolicy podSelector that matches no workload is reported at the podSelector', async (t) => {
    await reportedOnlyAt(copy, t, 'networkpolicy-selector-no-match', [made.networkPolicy!]);
  });

  test("a workload selector its own pod template's labels do not satisfy is reported at the selector", async (t) => {
    await reportedOnlyAt(copy, t, 'selector-template-mismatch', [made.workloadSelector!]);
  });

  test('validate exits 1 with these findings and nothing else', async (t) => {
    await copy.failsWithExactlyTheseFindings(t);
  });
});

describe('security and reliability defaults', () => {
  const made: Record<string, string> = {};
  const copy = copyWith((c) => {
    // In a prod patch: the dev overlay, which the compose stack must match, keeps its pinned image.
    const kibana = 'overlays/prod/patches/kibana.yaml';
    c.plant(kibana, /^\s+- name: kibana$/, (l) => `${l}\n${' '.repeat(l.indexOf('-') + 2)}image: docker.elastic.co/kibana/kibana:latest`);
    made.latest = c.expect('image-tag', kibana, /^\s+image: .*:latest$/);

    // An upper-case repository name: no runtime can pull it (and kustomize's images: pin skips it).
    const setup = 'base/elasticsearch-setup/job.yaml';
    c.plant(setup, /^\s+image: curlimages\/curl/, (l) => l.replace('curlimages/curl', 'curlimages/Curl:8.10.1'));
    made.reference = c.expect('image-reference', setup, /^\s+image: curlimages\/Curl:8\.10\.1$/);

    // Long-running workloads get their resources from the typed source (the generated Component); a Job keeps its own.
    c.plant(setup, /^\s+memory: /, () => '', c.line(setup, /^\s+limits:$/));
    made.limit = c.expect('resources', setup, /^\s+resources:$/);

    const esExporter = 'base/elasticsearch-exporter/deployment.yaml';
    c.plant(esExporter, /^\s+allowPrivilegeEscalation: false$/, (l) => `${l}\n${sameIndent(l, 'privileged: true')}`);
    made.privileged = c.expect('security-context', esExporter, /^\s+securityContext:$/, c.line(esExporter, /^\s+containers:$/));


    // Spreading brokers over zones only: two of them may share a node.
    const kafka = 'overlays/prod/patches/kafka.yaml';
    c.plant(kafka, /^\s+- topologyKey: kubernetes\.io\/hostname$/, (l) => l.replace('kubernetes.io/hostname', 'topology.kubernetes.io/zone'));
    made.antiAffinity = c.expect('anti-affinity', kafka, /^\s+affinity:$/);

    // Only a startup probe: nothing takes the pod out of its Service, nothing restarts it when wedged.
    const grafana = 'base/grafana/deployment.yaml';
    c.plant(grafana, /^\s+readinessProbe:$/, (l) => l.replace('readinessProbe', 'startupProbe'));
    made.probes = c.expect('probes', grafana, /^\s+- name: grafana$/, c.line(grafana, /^\s+containers:$/));

    const appService = 'base/app-service/deployment.yaml';
    c.plant(appService, /^\s+automountServiceAccountToken: false$/, (l) => `${l}\n${sameIndent(l, 'hostNetwork: true')}`);
    made.hostNetwork = c.expect('host-namespaces', appService, /^\s+hostNetwork: true$/);

    const master = 'base/spark/master/deployment.yaml';
    c.plant(master, /^\s+volumes:$/, (l) => `${l}\n${' '.repeat(indent(l) + 2)}- name: host-logs\n${' '.repeat(indent(l) + 4)}hostPath:\n${' '.repeat(indent(l) + 6)}path: /var/log`);
    made.hostPath = c.expect('host-path', master, /^\s+hostPath:$/);

    // Logstash is bound to no Role: it has no use for the API token.
    c.plant('base/logstash/statefulset.yaml', /^\s+automountServiceAccountToken: false$/, (l) => l.replace('false', 'true'));
    made.token = c.expect('automount-token', 'base/logstash/statefulset.yaml', /^\s+automountServiceAccountToken: true$/);
  });

  test('an image tagged latest is reported at the image, in the patch that sets it', async (t) => {
    await reportedOnlyAt(copy, t, 'image-tag', [made.latest!]);
  });

  test('an image reference with an upper-case name is reported at the image', async (t) => {
    await reportedOnlyAt(copy, t, 'image-reference', [made.reference!]);
  });

  test('a container without a memory limit is reported at its resources', async (t) => {
    await reportedOnlyAt(copy, t, 'resources', [made.limit!]);
  });

  test('a privileged container is reported at its securityContext', async (t) => {
    await reportedOnlyAt(copy, t, 'security-context', [made.privileged!]);
  });

  test('a replicated prod StatefulSet without hostname anti-affinity is reported at the affinity of its prod patch', async (t) => {
    await reportedOnlyAt(copy, t, 'anti-affinity', [made.antiAffinity!]);
  });

  test('a container with a startup probe but no readiness or liveness probe is reported at the container', async (t) => {
    await reportedOnlyAt(copy, t, 'probes', [made.probes!]);
  });

  test('a pod on the host network is reported at hostNetwork', async (t) => {
    await reportedOnlyAt(copy, t, 'host-namespaces', [made.hostNetwork!]);
  });

  test('a hostPath volume is reported at the hostPath', async (t) => {
    await reportedOnlyAt(copy, t, 'host-path', [made.hostPath!]);
  });

  test('a pod automounting a token its ServiceAccount has no use for is reported at automountServiceAccountToken', async (t) => {
    await reportedOnlyAt(copy, t, 'automount-token', [made.token!]);
  });

  test('validate exits 1 with these findings and nothing else', async (t) => {
    await copy.failsWithExactlyTheseFindings(t);
  });
});

describe('across layers', () => {
  const made: Record<string, string[]> = {};
  const copy = copyWith((c) => {
    // The dev overlay overrides the producer's topic; Logstash (config/dev/logstash.conf) still reads logs-topic.
    c.plant('overlays/dev/kustomization.yaml', /^resources:$/, (l) =>
      ['configMapGenerator:', '  - name: platform-environment', '    behavior: merge', '    literals:', '      - KAFKA_TOPIC=orders-topic', l].join('\n'),
    );
    made.topic = [c.expect('topic-mismatch', 'overlays/dev/kustomization.yaml', /KAFKA_TOPIC=orders-topic$/)];

    // config/ is generated: a hand edit there is also drift from scripts/environments.ts.
    const prometheus = 'config/dev/prometheus.yml';
    c.plant(prometheus, /^\s+- producer:9464$/, (l) => l.replace('producer:', 'producers:'));
    made.target = [c.expect('prometheus-target-unresolved', prometheus, /- producers:9464$/)];
    made.drift = [c.expectFolded('generated-drift', prometheus, /- producers:9464$/, made.target[0]!)];

    const application = 'clusters/prod/application.yaml';
    c.plant(application, /^\s+path: overlays\/prod$/, (l) => l.replace('overlays/prod', 'overlay/prod'));
    made.argo = [c.expect('argocd-path', application, /^\s+path: overlay\/prod$/)];

    // compose/compose.yaml is generated too.
    c.plant('compose/compose.yaml', /^\s+image: grafana\/grafana:/, (l) => `${l}-ubuntu`);
    made.image = [c.expect('image-version-drift', 'compose/compose.yaml', /image: grafana\/grafana:.*-ubuntu$/)];
    made.drift.push(c.expectFolded('generated-drift', 'compose/compose.yaml', /image: grafana\/grafana:.*-ubuntu$/, made.image[0]!));

    c.plant('base/producer/deployment.yaml', /^\s+value: kafka:9092$/, (l) => l.replace('9092', '9093'));
    made.broker = [c.expect('broker-mismatch', 'base/producer/deployment.yaml', /^\s+value: kafka:9093$/)];

    const logstash = 'config/dev/logstash.conf';
    c.plant(logstash, /^\s+index => "dev-logs-index"$/, (l) => l.replace('dev-logs-index', 'dev-log-index'));
    made.index = [c.expect('index-mismatch', logstash, /index => "dev-log-index"$/)];
    made.drift.push(c.expectFolded('generated-drift', logstash, /index => "dev-log-index"$/, made.index[0]!));

    c.plant('base/kibana/deployment.yaml', /^\s+value: '\["http:\/\/elasticsearch:9200"\]'$/, (l) => l.replace('9200', '9300'));
    made.esUrl = [c.expect('elasticsearch-url-unresolved', 'base/kibana/deployment.yaml', /elasticsearch:9300/)];

    const datasource = 'config/dev/grafana/provisioning/datasources/prometheus.yaml';
    c.plant(datasource, /^\s+url: http:\/\/prometheus:9090$/, (l) => l.replace('9090', '9091'));
    made.datasource = [c.expect('grafana-datasource-unresolved', datasource, /url: http:\/\/prometheus:9091$/)];
    made.drift.push(c.expectFolded('generated-drift', datasource, /url: http:\/\/prometheus:9091$/, made.datasource[0]!));

    const devApplication = 'clusters/dev/application.yaml';
    c.plant(devApplication, /^\s+namespace: platform-dev$/, (l) => l.replace('platform-dev', 'platform-development'), c.line(devApplication, /^\s+destination:$/));
    made.argoNamespace = [c.expect('argocd-namespace', devApplication, /^\s+namespace: platform-development$/)];

    // prod's overlay moves to another namespace than scripts/environments.ts names (its Application syncs another path above):
    // one finding at the namespace: line; the references to prod's out-of-band Secrets it breaks are folded under it.
    c.plant('overlays/prod/kustomization.yaml', /^namespace: /, () => 'namespace: logging-x');
    made.namespace = [c.expect('namespace-mismatch', 'overlays/prod/kustomization.yaml', /^namespace: logging-x$/)];
  });

  test('a producer topic set in the dev overlay that Logstash does not read is reported at that literal', async (t) => {
    await reportedOnlyAt(copy, t, 'topic-mismatch', made.topic!);
  });

  test('a Prometheus target naming no Service is reported at the target', async (t) => {
    await reportedOnlyAt(copy, t, 'prometheus-target-unresolved', made.target!);
  });

  test('an Argo CD Application syncing a path that does not exist is reported at the path', async (t) => {
    await reportedOnlyAt(copy, t, 'argocd-path', made.argo!);
  });

  test('a compose image tag differing from the dev overlay is reported at the compose image', async (t) => {
    await reportedOnlyAt(copy, t, 'image-version-drift', made.image!);
  });

  test("a producer's Kafka address that is not the environment's Kafka Service port is reported at the address", async (t) => {
    await reportedOnlyAt(copy, t, 'broker-mismatch', made.broker!);
  });

  test("a Logstash output index that is not the environment's index is reported at the index", async (t) => {
    await reportedOnlyAt(copy, t, 'index-mismatch', made.index!);
  });

  test("Kibana's Elasticsearch URL on a port the Service does not serve is reported at the URL", async (t) => {
    await reportedOnlyAt(copy, t, 'elasticsearch-url-unresolved', made.esUrl!);
  });

  test("a Grafana data source URL that does not reach Prometheus's port is reported at the URL", async (t) => {
    await reportedOnlyAt(copy, t, 'grafana-datasource-unresolved', made.datasource!);
  });

  test('an Argo CD Application deploying into another namespace than its overlay sets is reported at the destination namespace', async (t) => {
    await reportedOnlyAt(copy, t, 'argocd-namespace', made.argoNamespace!);
  });

  test('the hand edits of generated files (config/, compose/) are also drift, folded under the finding on the edited line', async (t) => {
    await reportedOnlyAt(copy, t, 'generated-drift', []);
    const folded = await copy.folded(t, 'generated-drift');
    if (folded) assert.deepEqual(folded.sort(), [...made.drift!].sort());
  });

  test("an overlay's namespace other than its environment's is reported at its namespace: line, with the broken references folded", async (t) => {
    await reportedOnlyAt(copy, t, 'namespace-mismatch', made.namespace!);
    const folded = await copy.folded(t, 'missing-reference');
    if (folded) assert.ok(folded.length > 0 && folded.every((f) => f.endsWith(`<- ${made.namespace![0]}`)), folded.join('\n'));
  });

  test('validate exits 1 with these findings and nothing else', async (t) => {
    await copy.failsWithExactlyTheseFindings(t);
  });
});

describe('waivers', () => {
  const made: Record<string, string> = {};
  const copy = copyWith((c) => {
    const grafana = 'base/grafana/deployment.yaml';
    c.plant(grafana, /^  annotations:$/, (l) => `${l}\n    ignore-check.platform-team.io/resources: ""`);
    made.noReason = c.expect('waiver-without-reason', grafana, /ignore-check\.platform-team\.io\/resources: ""$/);

    const kibana = 'base/kibana/deployment.yaml';
    c.plant(kibana, /^  annotations:$/, (l) => `${l}\n    ignore-check.platform-team.io/latest-image: "the upstream image is rebuilt on every release"`);
    made.unknownRule = c.expect('waiver-unknown-rule', kibana, /ignore-check\.platform-team\.io\/latest-image:/);
  });

  test('a waiver without a reason is reported at the annotation', async (t) => {
    await reportedOnlyAt(copy, t, 'waiver-without-reason', [made.noReason!]);
  });

  test('a waiver naming no rule is reported at the annotation', async (t) => {
    await reportedOnlyAt(copy, t, 'waiver-unknown-rule', [made.unknownRule!]);
  });

  test('validate exits 1 with these findings and nothing else', async (t) => {
    await copy.failsWithExactlyTheseFindings(t);
  });
});

describe('prod hardening (issue 16)', () => {
  const made: Record<string, string[]> = {};
  const copy = copyWith((c) => {
    // An in-memory queue: what Logstash took from Kafka is gone with the pod.
    const logstash = 'base/logstash/statefulset.yaml';
    c.plant(logstash, /^\s+value: persisted$/, (l) => l.replace('persisted', 'memory'), c.line(logstash, /^\s+- name: QUEUE_TYPE$/));
    made.queue = [c.expect('logstash-persistent-queue', logstash, /^\s+value: memory$/)];

    // The exporter over plain HTTP, logging in as the superuser instead of its monitoring user.
    const exporter = 'overlays/prod/patches/elasticsearch-exporter.yaml';
    c.plant(exporter, /--es\.uri=https:/, (l) => l.replace('https:', 'http:'));
    made.tls = [c.expect('elasticsearch-output-tls', exporter, /--es\.uri=http:/)];
    const user = c.line(exporter, /^\s+- name: ES_USERNAME$/);
    c.plant(exporter, /^\s+valueFrom:$/, (l) => sameIndent(l, 'value: elastic'), user);
    for (const field of [/^\s+secretKeyRef:$/, /^\s+name: /, /^\s+key: /]) c.plant(exporter, field, () => '', user);
    made.superuser = [c.expect('superuser-client', exporter, /^\s+value: elastic$/)];

    // config/ is generated: the hand edits are also drift (found at the first line that differs, folded under the finding there).
    const conf = 'config/prod/logstash.conf';
    c.plant(conf, /^\s+hosts => \["https:/, (l) => l.replace('https:', 'http:'));
    c.plant(conf, /^\s+user => "\$\{ES_USER\}"$/, (l) => l.replace('${ES_USER}', 'elastic'));
    made.conf = [
      c.expect('logstash-output-tls', conf, /^\s+hosts => \["http:/),
      c.expect('logstash-output-tls', conf, /^\s+user => "elastic"$/),
    ];
    c.expectFolded('generated-drift', conf, /^\s+hosts => \["http:/, made.conf[0]!);

    const application = 'clusters/prod/application.yaml';
    c.plant(application, /^\s+pod-security\.kubernetes\.io\/enforce: restricted$/, () => '');
    made.podSecurity = [c.expect('namespace-pod-security', application, /^\s+labels:$/, c.line(application, /^\s+managedNamespaceMetadata:$/))];

    const zookeeper = 'overlays/prod/patches/zookeeper.yaml';
    c.plant(zookeeper, /^\s+whenUnsatisfiable: DoNotSchedule$/, (l) => l.replace('DoNotSchedule', 'ScheduleAnyway'));
    made.zone = [c.expect('zone-spread-hard', zookeeper, /^\s+whenUnsatisfiable: ScheduleAnyway$/)];

    const grafana = 'base/grafana/deployment.yaml';
    const storage = c.line(grafana, /^\s+- name: storage$/, c.line(grafana, /^\s+volumes:$/));
    c.plant(grafana, /^\s+persistentVolumeClaim:$/, (l) => sameIndent(l, 'emptyDir: {}'), storage);
    c.plant(grafana, /^\s+claimName: grafana-storage$/, () => '', storage);
    made.grafana = [c.expect('grafana-persistent-storage', grafana, /^\s+- name: storage$/, storage - 1)];

    const compose = 'compose/compose.yaml';
    c.plant(compose, /^\s+- 127\.0\.0\.1:2181:2181$/, (l) => l.replace('127.0.0.1:', ''));
    made.compose = [c.expect('compose-port-all-interfaces', compose, /^\s+- 2181:2181$/)];
    c.expectFolded('generated-drift', compose, /^\s+- 2181:2181$/, made.compose[0]!);

    const kafka = 'overlays/prod/patches/kafka.yaml';
    c.plant(kafka, /^\s+value: kafka\.security\.authorizer\.AclAuthorizer$/, (l) => l.replace('AclAuthorizer', 'NoAuthorizer'));
    made.authorizer = [c.expect('kafka-authorizer', kafka, /^\s+value: kafka\.security\.authorizer\.NoAuthorizer$/)];
  });

  test('a prod Logstash with an in-memory queue is reported at QUEUE_TYPE', async (t) => {
    await reportedOnlyAt(copy, t, 'logstash-persistent-queue', made.queue!);
  });

  test('a prod client reaching Elasticsearch over http:// is reported at the URL', async (t) => {
    await reportedOnlyAt(copy, t, 'elasticsearch-output-tls', made.tls!);
  });

  test('a client logging in as the elastic superuser is reported at the user', async (t) => {
    await reportedOnlyAt(copy, t, 'superuser-client', made.superuser!);
  });

  test("a prod Logstash output over http:// or as the elastic superuser is reported at the option", async (t) => {
    await reportedOnlyAt(copy, t, 'logstash-output-tls', made.conf!.filter((w) => w.startsWith('logstash-output-tls ')));
  });

  test('a managed namespace without a Pod Security enforce label is reported at its labels', async (t) => {
    await reportedOnlyAt(copy, t, 'namespace-pod-security', made.podSecurity!);
  });

  test('a soft zone spread on a prod ZooKeeper is reported at whenUnsatisfiable', async (t) => {
    await reportedOnlyAt(copy, t, 'zone-spread-hard', made.zone!);
  });

  test("a prod Grafana whose data directory is an emptyDir is reported at the volume", async (t) => {
    await reportedOnlyAt(copy, t, 'grafana-persistent-storage', made.grafana!);
  });

  test('a compose port published on every interface is reported at the port', async (t) => {
    await reportedOnlyAt(copy, t, 'compose-port-all-interfaces', made.compose!.filter((w) => w.startsWith('compose-port-all-interfaces ')));
  });

  test('prod Kafka brokers without an ACL authorizer are reported at the authorizer', async (t) => {
    await reportedOnlyAt(copy, t, 'kafka-authorizer', made.authorizer!);
  });

  test('validate exits 1 with these findings and nothing else', async (t) => {
    await copy.failsWithExactlyTheseFindings(t);
  });
});

// Runs after the describe blocks above, whose before hooks plant the mistakes.
test('every cross-check rule of the README table has a mistake planted in one of the copies', () => {
  assert.deepEqual(RULES.map((r) => r.id).filter((id) => !planted.has(id)), []);
});
