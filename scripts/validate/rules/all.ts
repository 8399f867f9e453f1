// Every cross-check rule, one line each. Adding a rule: write rules/<group>/<rule-id>.ts (see
// docs/extending.md) and add its line here; the runner, the README's rule table, waivers and
// validate.config.yaml's `rules:` section pick it up from its declaration.
export { default as serviceSelectorNoMatch } from './render/service-selector-no-match.ts';
export { default as serviceTargetPort } from './render/service-target-port.ts';
export { default as statefulsetHeadlessService } from './render/statefulset-headless-service.ts';
export { default as missingReference } from './render/missing-reference.ts';
export { default as pdbSelectorNoMatch } from './render/pdb-selector-no-match.ts';
export { default as networkpolicySelectorNoMatch } from './render/networkpolicy-selector-no-match.ts';
export { default as probePort } from './render/probe-port.ts';
export { default as selectorTemplateMismatch } from './render/selector-template-mismatch.ts';
export { default as duplicateEnv } from './render/duplicate-env.ts';
export { default as imageReference } from './defaults/image-reference.ts';
export { default as imageTag } from './defaults/image-tag.ts';
export { default as resources } from './defaults/resources.ts';
export { default as probes } from './defaults/probes.ts';
export { default as securityContext } from './defaults/security-context.ts';
export { default as hostNamespaces } from './defaults/host-namespaces.ts';
export { default as hostPath } from './defaults/host-path.ts';
export { default as pdbMissing } from './defaults/pdb-missing.ts';
export { default as antiAffinity } from './defaults/anti-affinity.ts';
export { default as automountToken } from './defaults/automount-token.ts';
export { default as topicMismatch } from './layers/topic-mismatch.ts';
export { default as brokerMismatch } from './layers/broker-mismatch.ts';
export { default as indexMismatch } from './layers/index-mismatch.ts';
export { default as prometheusTargetUnresolved } from './layers/prometheus-target-unresolved.ts';
export { default as elasticsearchUrlUnresolved } from './layers/elasticsearch-url-unresolved.ts';
export { default as grafanaDatasourceUnresolved } from './layers/grafana-datasource-unresolved.ts';
export { default as argocdPath } from './argocd/argocd-path.ts';
export { default as argocdNamespace } from './argocd/argocd-namespace.ts';
export { default as imageVersionDrift } from './layers/image-version-drift.ts';
export { default as waiverWithoutReason } from './waivers/waiver-without-reason.ts';
export { default as waiverUnknownRule } from './waivers/waiver-unknown-rule.ts';
