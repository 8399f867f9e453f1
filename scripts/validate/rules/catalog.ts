// The cross-check rules: id, one-line description and severity. The README's rule table is
// generated from this list (ruleTableMarkdown), so the two cannot disagree.
import type { Severity } from '../types.ts';

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
}

const rule = (id: string, severity: Severity, description: string): RuleInfo => ({ id, severity, description });

export const RULES = [
  // Within a render
  rule('service-selector-no-match', 'error', 'A Service selector matches no pod template in the same render.'),
  rule('service-target-port', 'error', "A Service targetPort (number or name) is not a container port of the pods it selects."),
  rule('statefulset-headless-service', 'error', "A StatefulSet's serviceName does not name a headless Service (clusterIP: None) in the render."),
  rule('missing-reference', 'error', 'A referenced ConfigMap, Secret, PVC, ServiceAccount, key or volume is neither in the render nor declared external in validate.config.yaml.'),
  rule('pdb-selector-no-match', 'error', 'A PodDisruptionBudget selector matches no workload in the render.'),
  rule('networkpolicy-selector-no-match', 'error', 'A NetworkPolicy podSelector (or a same-namespace peer podSelector) matches no workload in the render.'),
  rule('probe-port', 'error', 'A probe port (number or name) is not a port of its container.'),
  rule('selector-template-mismatch', 'error', "A workload's selector does not match its own pod template labels."),
  rule('duplicate-env', 'error', 'An environment variable name appears twice in one container.'),
  // Security and reliability defaults
  rule('image-tag', 'error', 'An image has no tag or uses `latest`.'),
  rule('resources', 'error', 'A container lacks CPU/memory requests or limits.'),
  rule('probes', 'error', 'A long-running container lacks a readiness or liveness probe, or the two are identical.'),
  rule('security-context', 'error', 'A container (init containers too) may run as root, allows privilege escalation, does not drop ALL capabilities, or runs privileged.'),
  rule('host-namespaces', 'error', 'A pod shares the host network, PID or IPC namespace.'),
  rule('host-path', 'error', 'A pod mounts a hostPath volume.'),
  rule('pdb-missing', 'error', 'A workload with more than one replica has no PodDisruptionBudget selecting its pods.'),
  rule('anti-affinity', 'error', 'A replicated StatefulSet in prod has no hostname anti-affinity (or hostname topology spread) over its own pods.'),
  rule('automount-token', 'warning', 'A pod automounts a service account token although its ServiceAccount is bound to no Role.'),
  // Across layers
  rule('topic-mismatch', 'error', "The producer's Kafka topic is not one Logstash's kafka input reads, or differs from the environment's topic."),
  rule('broker-mismatch', 'error', "A Kafka bootstrap address (producer or Logstash) does not resolve to that environment's Kafka Service or brokers."),
  rule('index-mismatch', 'error', "Logstash's Elasticsearch output index is not the environment's index (scripts/environments.ts), or no index template's index_patterns cover it."),
  rule('prometheus-target-unresolved', 'error', 'A Prometheus target does not resolve to a Service and port in the render, or to a compose service and port.'),
  rule('elasticsearch-url-unresolved', 'error', "Kibana's or Logstash's Elasticsearch URL does not resolve to an Elasticsearch Service (or compose service) and port."),
  rule('grafana-datasource-unresolved', 'error', "A Grafana Prometheus data source URL does not resolve to Prometheus's Service (or compose service) and port."),
  rule('argocd-path', 'error', 'An Argo CD Application source path does not exist or holds no kustomization.'),
  rule('argocd-namespace', 'error', "An Argo CD Application's destination namespace differs from the namespace of the overlay it syncs."),
  rule('image-version-drift', 'error', 'The compose stack and the dev overlay run different tags of the same image.'),
  // The waivers themselves
  rule('waiver-without-reason', 'error', 'An `ignore-check.platform-team.io/<rule>` waiver gives no reason (it waives nothing until it does).'),
  rule('waiver-unknown-rule', 'error', 'An `ignore-check.platform-team.io/<rule>` waiver names a rule that does not exist.'),
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]['id'];

export const ruleInfo = (id: RuleId): RuleInfo => RULES.find((r) => r.id === id) as RuleInfo;

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export function ruleTableMarkdown(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.description.replaceAll('|', '\\|')} |`);
  return ['| rule | severity | what it catches |', '|---|---|---|', ...rows].join('\n');
}
