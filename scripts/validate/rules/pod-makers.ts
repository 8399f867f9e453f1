// Pods that no pod template in the render describes: those an operator creates from a custom
// resource (a Prometheus, an Elasticsearch, a Strimzi Kafka, ...). A Service, PodDisruptionBudget
// or NetworkPolicy selecting them selects something. Each known kind names where its pods' labels
// are written, and the labels its operator adds itself; validate.config.yaml's rules.podMakers adds
// kinds (labels only from the path given).
import type { KubeObject, PodMaker } from '../types.ts';
import { asRecord, stringMap } from './kube.ts';

export interface MadePods {
  /** The custom resource the pods are made from. */
  object: KubeObject;
  labels: Record<string, string>;
}

interface Maker {
  /** `group` (any version) or `group/version`. */
  apiVersion?: string;
  kind: string;
  /** Dotted paths to label maps; `*` walks every element of a list. Each map found is one set of pods. */
  labels: readonly string[];
  /** Labels the operator puts on every pod it makes, from the resource's name. */
  added?: (name: string, o: KubeObject) => Record<string, string>;
}

const prometheusOperator = (app: string, own: string) => (name: string) => ({
  'app.kubernetes.io/name': app,
  'app.kubernetes.io/instance': name,
  'app.kubernetes.io/managed-by': 'prometheus-operator',
  [own]: name,
});

const strimzi = (kind: string, suffix: string) => (name: string) => ({ 'strimzi.io/cluster': name, 'strimzi.io/kind': kind, 'strimzi.io/name': `${name}-${suffix}` });

const eck = (type: string, nameLabel: string) => (name: string) => ({ 'common.k8s.elastic.co/type': type, [nameLabel]: name });

/** The operators this validator knows: prometheus-operator, ECK (Elastic Cloud on Kubernetes), Strimzi. */
export const KNOWN_MAKERS: readonly Maker[] = [
  { apiVersion: 'monitoring.coreos.com', kind: 'Prometheus', labels: ['spec.podMetadata.labels'], added: (n) => ({ ...prometheusOperator('prometheus', 'prometheus')(n), 'operator.prometheus.io/name': n }) },
  { apiVersion: 'monitoring.coreos.com', kind: 'PrometheusAgent', labels: ['spec.podMetadata.labels'], added: (n) => ({ ...prometheusOperator('prometheus-agent', 'prometheus')(n), 'operator.prometheus.io/name': n }) },
  { apiVersion: 'monitoring.coreos.com', kind: 'Alertmanager', labels: ['spec.podMetadata.labels'], added: prometheusOperator('alertmanager', 'alertmanager') },
  { apiVersion: 'monitoring.coreos.com', kind: 'ThanosRuler', labels: ['spec.podMetadata.labels'], added: prometheusOperator('thanos-ruler', 'thanos-ruler') },
  { apiVersion: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch', labels: ['spec.nodeSets.*.podTemplate.metadata.labels'], added: eck('elasticsearch', 'elasticsearch.k8s.elastic.co/cluster-name') },
  { apiVersion: 'kibana.k8s.elastic.co', kind: 'Kibana', labels: ['spec.podTemplate.metadata.labels'], added: eck('kibana', 'kibana.k8s.elastic.co/name') },
  { apiVersion: 'apm.k8s.elastic.co', kind: 'ApmServer', labels: ['spec.podTemplate.metadata.labels'], added: eck('apm-server', 'apm.k8s.elastic.co/name') },
  { apiVersion: 'enterprisesearch.k8s.elastic.co', kind: 'EnterpriseSearch', labels: ['spec.podTemplate.metadata.labels'], added: eck('enterprise-search', 'enterprisesearch.k8s.elastic.co/name') },
  { apiVersion: 'logstash.k8s.elastic.co', kind: 'Logstash', labels: ['spec.podTemplate.metadata.labels'], added: eck('logstash', 'logstash.k8s.elastic.co/name') },
  { apiVersion: 'beat.k8s.elastic.co', kind: 'Beat', labels: ['spec.daemonSet.podTemplate.metadata.labels', 'spec.deployment.podTemplate.metadata.labels'], added: eck('beat', 'beat.k8s.elastic.co/name') },
  { apiVersion: 'agent.k8s.elastic.co', kind: 'Agent', labels: ['spec.daemonSet.podTemplate.metadata.labels', 'spec.deployment.podTemplate.metadata.labels', 'spec.statefulSet.podTemplate.metadata.labels'], added: eck('agent', 'agent.k8s.elastic.co/name') },
  { apiVersion: 'kafka.strimzi.io', kind: 'Kafka', labels: ['spec.kafka.template.pod.metadata.labels'], added: strimzi('Kafka', 'kafka') },
  { apiVersion: 'kafka.strimzi.io', kind: 'Kafka', labels: ['spec.zookeeper.template.pod.metadata.labels'], added: strimzi('Kafka', 'zookeeper') },
  { apiVersion: 'kafka.strimzi.io', kind: 'KafkaNodePool', labels: ['spec.template.pod.metadata.labels'], added: (_n, o) => ({ 'strimzi.io/cluster': stringMap(asRecord(o.body.metadata)?.labels)['strimzi.io/cluster'] ?? '', 'strimzi.io/kind': 'Kafka', 'strimzi.io/pool-name': o.name }) },
  { apiVersion: 'kafka.strimzi.io', kind: 'KafkaConnect', labels: ['spec.template.pod.metadata.labels'], added: strimzi('KafkaConnect', 'connect') },
  { apiVersion: 'kafka.strimzi.io', kind: 'KafkaMirrorMaker2', labels: ['spec.template.pod.metadata.labels'], added: strimzi('KafkaMirrorMaker2', 'mirrormaker2') },
];

/** Every label map at a dotted path, `*` standing for each element of a list. */
function mapsAt(value: unknown, path: readonly string[]): Record<string, unknown>[] {
  if (path.length === 0) {
    const r = asRecord(value);
    return r ? [r] : [];
  }
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.flatMap((v) => mapsAt(v, rest)) : [];
  return mapsAt(asRecord(value)?.[head], rest);
}

const apiVersionMatches = (wanted: string | undefined, actual: string): boolean =>
  wanted === undefined || actual === wanted || (!wanted.includes('/') && actual.startsWith(`${wanted}/`));

/** The known makers plus those validate.config.yaml declares. */
export const makersFrom = (configured: readonly PodMaker[]): readonly Maker[] => [...KNOWN_MAKERS, ...configured.map((m) => ({ ...m, labels: [m.labels] }))];

/** The pods the custom resources among `objects` make, as label sets. */
export function madePods(objects: readonly KubeObject[], makers: readonly Maker[]): MadePods[] {
  const out: MadePods[] = [];
  for (const o of objects) {
    for (const m of makers) {
      if (m.kind !== o.kind || !apiVersionMatches(m.apiVersion, o.apiVersion)) continue;
      const added = m.added?.(o.name, o) ?? {};
      const sets = m.labels.flatMap((p) => mapsAt(o.body, p.split('.')));
      // No labels written: the pods still carry what the operator adds.
      if (sets.length === 0 && m.added) out.push({ object: o, labels: added });
      for (const s of sets) out.push({ object: o, labels: { ...stringMap(s), ...added } });
    }
  }
  return out;
}
