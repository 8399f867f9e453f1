// The corpus of the validate benchmark: 1,000 files of 10 Kubernetes objects each, written the way a
// production team writes them (pinned images, requests and limits, distinct readiness and liveness
// probes, non-root security contexts, selectors that match their pods, a PDB for every replicated
// workload, NetworkPolicies, ServiceAccounts without token automount). Deterministic: the same
// arguments always write the same bytes, so two runs (or two machines) validate the same input.
// A few files carry one known mistake each, so the error path (positions, messages) is exercised
// too; `expected` says how many findings they must produce.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';

export interface CorpusOptions {
  files: number;
  objectsPerFile: number;
  /** Every n-th file carries one deliberate mistake; 0 for none. */
  mistakeEvery: number;
  /**
   * The finding-heavy variant (issue 17): no PodDisruptionBudgets (a ConfigMap in their place, so the
   * count and size stay), and the long-running containers have no probes and no resources: every
   * workload is a handful of policy findings, thousands in all.
   */
  policyGaps?: boolean;
}

export const DEFAULT_CORPUS: CorpusOptions = { files: 1000, objectsPerFile: 10, mistakeEvery: 100 };
/** The same 10,000 objects in 1,000 files with policy gaps everywhere and no planted mistakes. */
export const FINDING_HEAVY_CORPUS: CorpusOptions = { files: 1000, objectsPerFile: 10, mistakeEvery: 0, policyGaps: true };

/** The corpus with its policy gaps: PodDisruptionBudgets become ConfigMaps, workload containers lose probes and resources. */
function withPolicyGaps(objs: Obj[], app: App): Obj[] {
  return objs.map((o) => {
    if (o.kind === 'PodDisruptionBudget') return configMap(app, 'availability');
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      for (const c of (((o.spec as Obj).template as Obj).spec as { containers: Obj[] }).containers) {
        delete c.readinessProbe;
        delete c.livenessProbe;
        delete c.resources;
      }
    }
    return o;
  });
}

export interface Mistake {
  file: string;
  rule: string;
  what: string;
}

export interface Corpus {
  dir: string;
  files: number;
  objects: number;
  kinds: Map<string, number>;
  /** The deliberate mistakes; each must produce exactly one finding with this rule in this file. */
  mistakes: Mistake[];
}

type Obj = Record<string, unknown>;

/** mulberry32: a tiny seeded generator, so variety does not cost determinism. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = [
  'registry.example.com/platform/api:1.14.2',
  'registry.example.com/platform/worker:2.3.0',
  'registry.example.com/platform/gateway:0.9.7',
  'registry.example.com/platform/indexer:3.1.4',
  'registry.example.com/platform/notifier:1.0.12',
];
const DB_IMAGES = ['registry.example.com/data/postgres:16.4', 'registry.example.com/data/redis:7.2.5', 'registry.example.com/data/zookeeper:3.9.2'];

interface App {
  ns: string;
  name: string;
  labels: Obj;
  selector: Obj;
  rnd: () => number;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function meta(app: App, name: string, component: string): Obj {
  return {
    name,
    namespace: app.ns,
    labels: { ...app.labels, 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'kustomize' },
  };
}

const containerSecurity = (): Obj => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

const podSecurity = (uid: number): Obj => ({ runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } });

function resources(rnd: () => number): Obj {
  const cpu = 100 * (1 + Math.floor(rnd() * 5));
  const mem = 128 * (1 + Math.floor(rnd() * 8));
  return { requests: { cpu: `${cpu}m`, memory: `${mem}Mi` }, limits: { cpu: `${cpu * 2}m`, memory: `${mem * 2}Mi` } };
}

function container(app: App, image: string, port: number): Obj {
  return {
    name: app.name,
    image,
    imagePullPolicy: 'IfNotPresent',
    args: ['--listen', `:${port}`, '--config', '/etc/app/config.yaml'],
    ports: [
      { name: 'http', containerPort: port, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ],
    env: [
      { name: 'APP_NAME', value: app.name },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: `${app.name}-config`, key: 'log-level' } } },
    ],
    resources: resources(app.rnd),
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 6 },
    securityContext: containerSecurity(),
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function podSpec(app: App, image: string, port: number): Obj {
  return {
    serviceAccountName: app.name,
    automountServiceAccountToken: false,
    securityContext: podSecurity(10001),
    terminationGracePeriodSeconds: 30,
    containers: [container(app, image, port)],
    volumes: [
      { name: 'config', configMap: { name: `${app.name}-config` } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: app.selector } }],
  };
}

const serviceAccount = (app: App): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(app, app.name, 'identity'), automountServiceAccountToken: false });

const configMap = (app: App, suffix = 'config'): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(app, `${app.name}-${suffix}`, 'config'),
  data: {
    'log-level': pick(app.rnd, ['info', 'warn', 'debug']),
    'config.yaml': `server:\n  shutdownDelay: 5s\n  maxConnections: ${100 + Math.floor(app.rnd() * 900)}\nupstream: http://${app.name}-upstream.${app.ns}.svc:8080\n`,
  },
});

const service = (app: App, port: number, headless = false): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(app, headless ? `${app.name}-headless` : app.name, 'network'),
  spec: {
    ...(headless ? { clusterIP: 'None', publishNotReadyAddresses: true } : { type: 'ClusterIP' }),
    selector: app.selector,
    ports: [
      { name: 'http', port: headless ? port : 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ],
  },
});

const pdb = (app: App): Obj => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta(app, app.name, 'availability'),
  spec: { maxUnavailable: 1, selector: { matchLabels: app.selector } },
});

const networkPolicy = (app: App, port: number): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta(app, app.name, 'network'),
  spec: {
    podSelector: { matchLabels: app.selector },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ],
    egress: [
      { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/24'] } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ],
  },
});

const role = (app: App): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: meta(app, `${app.name}-reader`, 'rbac'),
  rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [`${app.name}-config`], verbs: ['get', 'watch'] }],
});

const roleBinding = (app: App): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: meta(app, `${app.name}-reader`, 'rbac'),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${app.name}-reader` },
  subjects: [{ kind: 'ServiceAccount', name: app.name, namespace: app.ns }],
});

function deployment(app: App, port: number): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, app.name, 'server'),
    spec: {
      replicas: 2 + Math.floor(app.rnd() * 4),
      revisionHistoryLimit: 5,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      selector: { matchLabels: app.selector },
      template: {
        metadata: { labels: { ...app.labels, 'app.kubernetes.io/component': 'server' }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } },
        spec: podSpec(app, pick(app.rnd, IMAGES), port),
      },
    },
  };
}

function statefulSet(app: App, port: number): Obj {
  const spec = podSpec(app, pick(app.rnd, DB_IMAGES), port);
  spec.affinity = {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: app.selector } }] },
  };
  (spec.containers as Obj[])[0]!.volumeMounts = [...((spec.containers as Obj[])[0]!.volumeMounts as Obj[]), { name: 'data', mountPath: '/var/lib/data' }];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(app, app.name, 'database'),
    spec: {
      serviceName: `${app.name}-headless`,
      replicas: 3,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      selector: { matchLabels: app.selector },
      template: { metadata: { labels: { ...app.labels, 'app.kubernetes.io/component': 'database' } }, spec },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: `${10 * (1 + Math.floor(app.rnd() * 10))}Gi` } } },
        },
      ],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  };
}

function batchPod(app: App, image: string): Obj {
  const c = container(app, image, 8080);
  delete c.readinessProbe;
  delete c.livenessProbe;
  delete c.ports;
  c.args = ['--once', '--config', '/etc/app/config.yaml'];
  const spec = podSpec(app, image, 8080);
  spec.containers = [c];
  spec.restartPolicy = 'OnFailure';
  delete spec.topologySpreadConstraints;
  return spec;
}

const job = (app: App): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta(app, `${app.name}-migrate`, 'migration'),
  spec: {
    backoffLimit: 3,
    activeDeadlineSeconds: 600,
    ttlSecondsAfterFinished: 86400,
    template: { metadata: { labels: { ...app.labels, 'app.kubernetes.io/component': 'migration' } }, spec: batchPod(app, pick(app.rnd, IMAGES)) },
  },
});

const cronJob = (app: App): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta(app, `${app.name}-compact`, 'maintenance'),
  spec: {
    schedule: `${Math.floor(app.rnd() * 60)} 3 * * *`,
    concurrencyPolicy: 'Forbid',
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
    jobTemplate: {
      spec: {
        backoffLimit: 2,
        template: { metadata: { labels: { ...app.labels, 'app.kubernetes.io/component': 'maintenance' } }, spec: batchPod(app, pick(app.rnd, IMAGES)) },
      },
    },
  },
});

const hpa = (app: App): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta(app, app.name, 'autoscaling'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
});

const ingress = (app: App): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { ...meta(app, app.name, 'network'), annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
  spec: {
    ingressClassName: 'nginx',
    tls: [{ hosts: [`${app.name}.${app.ns}.example.com`], secretName: `${app.name}-tls` }],
    rules: [
      {
        host: `${app.name}.${app.ns}.example.com`,
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: app.name, port: { name: 'http' } } } }] },
      },
    ],
  },
});

const limitRange = (app: App): Obj => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: meta(app, `${app.name}-defaults`, 'policy'),
  spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' }, max: { cpu: '4', memory: '8Gi' } }] },
});

const resourceQuota = (app: App): Obj => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: meta(app, `${app.name}-quota`, 'policy'),
  spec: { hard: { 'requests.cpu': '20', 'requests.memory': '40Gi', 'limits.cpu': '40', 'limits.memory': '80Gi', pods: '100' } },
});

/** Three shapes of application, ten objects each: a web service, a database, a batch worker. */
const SHAPES: Array<(app: App, port: number) => Obj[]> = [
  (a, p) => [serviceAccount(a), configMap(a), deployment(a, p), service(a, p), pdb(a), networkPolicy(a, p), hpa(a), ingress(a), role(a), roleBinding(a)],
  (a, p) => [serviceAccount(a), configMap(a), configMap(a, 'scripts'), service(a, p, true), service(a, p), statefulSet(a, p), pdb(a), networkPolicy(a, p), role(a), roleBinding(a)],
  (a, p) => [serviceAccount(a), configMap(a), deployment(a, p), service(a, p), pdb(a), networkPolicy(a, p), job(a), cronJob(a), limitRange(a), resourceQuota(a)],
];

function podContainer(objs: Obj[]): Obj {
  const w = objs.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')!;
  return (((w.spec as Obj).template as Obj).spec as { containers: Obj[] }).containers[0]!;
}

/** One mistake per affected file, each of a kind the validator must catch; the finding it must produce. */
const MISTAKES: Array<{ rule: string; what: string; apply: (objs: Obj[]) => void }> = [
  {
    rule: 'k8s-unknown-field',
    what: 'imagePulPolicy (a typo of imagePullPolicy)',
    apply: (objs) => {
      const c = podContainer(objs);
      c.imagePulPolicy = c.imagePullPolicy;
      delete c.imagePullPolicy;
    },
  },
  {
    rule: 'image-tag',
    what: 'an image tagged latest',
    apply: (objs) => {
      podContainer(objs).image = 'registry.example.com/platform/api:latest';
    },
  },
  {
    rule: 'k8s-deprecated-api',
    what: 'a PodDisruptionBudget in policy/v1beta1 (removed in 1.25)',
    apply: (objs) => {
      objs.find((o) => o.kind === 'PodDisruptionBudget')!.apiVersion = 'policy/v1beta1';
    },
  },
  {
    rule: 'resources',
    what: 'a container without limits',
    apply: (objs) => {
      delete (podContainer(objs).resources as Obj).limits;
    },
  },
  {
    rule: 'k8s-invalid-type',
    what: 'replicas written as a string',
    apply: (objs) => {
      const w = objs.find((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')!;
      (w.spec as Obj).replicas = String((w.spec as Obj).replicas);
    },
  },
];

const HEADER = '# Generated by scripts/bench/validate-corpus.ts (npx tsx scripts/bench/validate.ts); benchmark input, not a deployment.\n';

/** Writes the corpus under `dir` (which should be empty) and says what it holds. */
export function writeCorpus(dir: string, opts: CorpusOptions = DEFAULT_CORPUS): Corpus {
  const kinds = new Map<string, number>();
  const mistakes: Mistake[] = [];
  let objects = 0;
  for (let i = 0; i < opts.files; i++) {
    const team = `team-${String(i % 40).padStart(2, '0')}`;
    const name = `svc-${String(i).padStart(4, '0')}`;
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${name}-${team}` };
    const app: App = { ns: team, name, selector, labels: { ...selector, 'app.kubernetes.io/part-of': team, 'app.kubernetes.io/version': '1.0.0' }, rnd: random(i + 1) };
    const port = 8000 + (i % 100);
    const shape = SHAPES[i % SHAPES.length]!;
    let objs: Obj[] = [];
    while (objs.length < opts.objectsPerFile) objs = objs.concat(shape(app, port));
    objs = objs.slice(0, opts.objectsPerFile);
    if (opts.policyGaps) objs = withPolicyGaps(objs, app);
    const rel = `apps/${team}/${name}.yaml`;
    if (opts.mistakeEvery > 0 && i % opts.mistakeEvery === opts.mistakeEvery - 1) {
      const m = MISTAKES[Math.floor(i / opts.mistakeEvery) % MISTAKES.length]!;
      m.apply(objs);
      mistakes.push({ file: rel, rule: m.rule, what: m.what });
    }
    for (const o of objs) kinds.set(o.kind as string, (kinds.get(o.kind as string) ?? 0) + 1);
    objects += objs.length;
    mkdirSync(join(dir, 'apps', team), { recursive: true });
    writeFileSync(join(dir, rel), HEADER + objs.map((o) => dump(o, { lineWidth: -1, noRefs: true })).join('---\n'));
  }
  return { dir, files: opts.files, objects, kinds, mistakes };
}
