// One-line descriptions of rule ids, for report formats that describe their rules (SARIF). The
// cross-check rules describe themselves in rules/catalog.ts; the rules of the parse step and of the
// checks that wrap a real tool are described here. A rule known to neither gets its check's description.
import { RULES } from '../rules/catalog.ts';

const CHECK_RULES: Record<string, string> = {
  'yaml-syntax': 'A YAML file does not parse.',
  'yaml-duplicate-key': 'A YAML mapping has the same key twice.',
  'yaml-tab': 'A YAML file indents with a tab.',
  'json-syntax': 'A JSON file does not parse.',
  'json-duplicate-key': 'A JSON object has the same key twice.',
  'kustomize-build': 'A kustomization does not render (kustomize build fails).',
  'k8s-unknown-field': 'A Kubernetes object has a field its schema does not define.',
  'k8s-required-field': 'A Kubernetes object lacks a field its schema requires.',
  'k8s-invalid-type': 'A Kubernetes object field has the wrong type.',
  'k8s-invalid-enum': 'A Kubernetes object field has a value its schema does not allow.',
  'k8s-invalid-format': 'A Kubernetes object field does not have the format its schema requires.',
  'k8s-schema': 'A Kubernetes object breaks its schema.',
  'k8s-crd-schema': 'A custom resource breaks the schema of its CustomResourceDefinition.',
  'k8s-unknown-kind': 'No schema knows the apiVersion and kind of a Kubernetes object.',
  'k8s-deprecated-api': 'A Kubernetes object uses an API that is deprecated or removed in the target Kubernetes version.',
  'k8s-api-unavailable': 'A Kubernetes object uses an API the target Kubernetes version does not serve yet.',
  'k8s-missing-type': 'A YAML document has no apiVersion or kind.',
  'config-crd-missing': 'validate.config.yaml names a CRD file that does not exist.',
  'promtool-config': 'promtool check config rejects a Prometheus server config.',
  'promtool-rules': 'promtool check rules rejects a Prometheus rule file.',
  'promtool-test': 'A Prometheus rule unit test fails (promtool test rules).',
  'amtool-config': 'amtool check-config rejects an Alertmanager config.',
  'terraform-fmt': 'A Terraform file is not in canonical format (terraform fmt -check).',
  'terraform-init': 'terraform init cannot install what the configuration requires from the offline provider mirror.',
  'terraform-validate': 'terraform validate rejects the configuration.',
  'terraform-imds-hop-limit': 'A launch template lets IMDS answer more than one hop (http_put_response_hop_limit above 1), so pods can take the node role.',
  'terraform-module-not-checked': 'A Terraform module call has a source that is not a local path, so it is not downloaded and not checked offline.',
  'actionlint': 'actionlint reports a mistake in a GitHub Actions workflow.',
  'shellcheck': 'shellcheck reports a problem in a shell script.',
  'generated-drift': 'A generated file differs from what npm run generate writes.',
  'check-crashed': 'A check failed with an internal error; its files were not fully checked.',
};

const CATALOG = new Map<string, string>(RULES.map((r) => [r.id, r.description]));

/** A rule's description, or null when neither the catalog nor this table knows it. */
export function ruleDescription(id: string): string | null {
  return CATALOG.get(id) ?? CHECK_RULES[id] ?? null;
}
