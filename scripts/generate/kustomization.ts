// config/<env>/kustomization.yaml turns the generated files beside it into the ConfigMaps of the contract.
// Overlays list `../../config/<env>` as a resource, because kustomize forbids reading files outside a
// kustomization's own directory. Hash suffixes stay on, so a config change rolls the pods that mount it.
//
// config/<env>/environment/kustomization.yaml is a kustomize Component with what the typed source fixes
// for the bases' workloads: every image pin (`images:`), each workload's app.kubernetes.io/version, and
// what differs in size between environments (sizing.ts: replicas, resources, volumes, broker replication).
// Overlays list it under `components:`; a Component, unlike a resource, may transform what the bases
// define, so base/ names its images without a tag.
import { type Environment, images, workloads } from '../environments.ts';
import { yamlFile } from './header.ts';
import { kafkaBrokerSettings, sizingPatches } from './sizing.ts';

export interface ConfigMapSpec {
  name: string;
  /** Paths relative to config/<env>/; the key is the file's base name. */
  files: string[];
}

export const configMaps: readonly ConfigMapSpec[] = [
  { name: 'logstash-pipeline', files: ['logstash.conf'] },
  { name: 'prometheus-config', files: ['prometheus.yml', 'alert-rules.yml'] },
  { name: 'alertmanager-config', files: ['alertmanager.yml'] },
  { name: 'elasticsearch-config', files: ['elasticsearch.yml'] },
  { name: 'spark-config', files: ['spark-defaults.conf', 'spark-env.sh'] },
  { name: 'grafana-datasources', files: ['grafana/provisioning/datasources/prometheus.yaml'] },
  { name: 'grafana-dashboard-providers', files: ['grafana/provisioning/dashboards/dashboards.yaml'] },
  {
    name: 'grafana-dashboards',
    files: ['kafka.json', 'elasticsearch.json', 'spark.json', 'app-service.json'].map((f) => `grafana/dashboards/${f}`),
  },
  { name: 'elasticsearch-index-setup', files: ['index-template.json', 'ilm-policy.json'] },
];

/**
 * ConfigMap platform-environment: the environment's facts that workloads read as variables (the
 * producer, the kafka-topics and elasticsearch-setup Jobs, prod's scram-users step), so that they come from
 * the same source as Logstash's topic, index and consumer group instead of being restated in the overlay.
 */
export function platformEnvironment(env: Environment): Record<string, string> {
  return {
    PLATFORM_ENV: env.name,
    KAFKA_TOPIC: env.kafka.topic,
    KAFKA_TOPIC_PARTITIONS: String(env.kafka.partitions),
    KAFKA_TOPIC_REPLICATION_FACTOR: String(env.kafka.replicationFactor),
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: String(env.kafka.minInsyncReplicas),
    // The group Logstash's group_id names; prod's scram-users step grants Logstash Read on it.
    LOGSTASH_CONSUMER_GROUP: env.logstash.consumerGroup,
    ES_INDEX: env.elasticsearch.index,
    PRODUCER_RATE: String(env.producer.rate),
  };
}

/** An image reference split into what kustomize's `images:` matches (the name) and what it sets (the tag). */
export function splitImage(ref: string): { name: string; tag: string } {
  const colon = ref.lastIndexOf(':');
  if (colon <= ref.lastIndexOf('/')) throw new Error(`image ${ref} in scripts/environments.ts has no tag`);
  return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}

/** One pin per image name, in the order of the typed source. */
function imagePins(): { name: string; newTag: string }[] {
  const pins = new Map<string, string>();
  for (const ref of Object.values(images)) {
    const { name, tag } = splitImage(ref);
    pins.set(name, tag);
  }
  return [...pins].map(([name, newTag]) => ({ name, newTag }));
}

/**
 * The version label of each workload and its pods, as JSON patches. Not a labels transformer: that would
 * also write into a StatefulSet's volumeClaimTemplates, which are immutable, so the next image upgrade
 * could not be applied. Not a strategic-merge patch either: applying one merges the containers' lists by
 * their keys, which would silently fold a duplicated environment variable that the validator must see.
 */
function versionPatches(): { target: { kind: string; name: string }; patch: string }[] {
  return workloads.map((w) => {
    const version = JSON.stringify(splitImage(images[w.image]).tag);
    const template = w.kind === 'CronJob' ? '/spec/jobTemplate/spec/template' : '/spec/template';
    const label = 'app.kubernetes.io~1version';
    return {
      target: { kind: w.kind, name: w.name },
      patch: [
        `- op: add`,
        `  path: /metadata/labels/${label}`,
        `  value: ${version}`,
        `- op: add`,
        `  path: ${template}/metadata/labels/${label}`,
        `  value: ${version}`,
      ].join('\n'),
    };
  });
}

/** Where the overlays find the Component of an environment, relative to config/<env>/. */
export const ENVIRONMENT_COMPONENT = 'environment/kustomization.yaml';

export function renderEnvironmentComponent(env: Environment): string {
  return yamlFile({
    apiVersion: 'kustomize.config.k8s.io/v1alpha1',
    kind: 'Component',
    images: imagePins(),
    // Merged over base/kafka's broker settings; the hash suffix still rolls the brokers on a change.
    configMapGenerator: [
      {
        name: 'kafka-broker-config',
        behavior: 'merge',
        literals: Object.entries(kafkaBrokerSettings(env)).map(([k, v]) => `${k}=${v}`),
      },
    ],
    patches: [...versionPatches(), ...sizingPatches(env)],
  });
}

export function renderKustomization(env: Environment): string {
  return yamlFile({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generatorOptions: { labels: { 'app.kubernetes.io/part-of': 'platform' } },
    configMapGenerator: [
      ...configMaps.map((c) => ({ name: c.name, files: c.files })),
      {
        name: 'platform-environment',
        literals: Object.entries(platformEnvironment(env)).map(([k, v]) => `${k}=${v}`),
      },
    ],
  });
}
