// Kubernetes API versions that were deprecated or are no longer served, with what replaces them.
// Source: https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (removals by release).
import { compareKubeVersions } from './version.ts';

export interface ApiDeprecation {
  apiVersion: string;
  kinds: readonly string[];
  /** The Kubernetes minor version that stopped serving it; null when only deprecated so far. */
  removedIn: string | null;
  deprecatedIn: string;
  /** apiVersion (and kind, when it changed) to use instead; null when there is no replacement. */
  replacement: string | null;
  note?: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet', 'ControllerRevision'];

export const DEPRECATIONS: readonly ApiDeprecation[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.9', removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.11', removedIn: '1.16', replacement: null, note: 'PodSecurityPolicy is gone since 1.25; use Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: WORKLOADS, deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], deprecatedIn: '1.16', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['PriorityClass'], deprecatedIn: '1.14', removedIn: '1.17', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.22', removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], deprecatedIn: '1.21', removedIn: '1.25', replacement: null, note: 'use Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.20', removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], deprecatedIn: '1.24', removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: '1.33', removedIn: null, replacement: 'discovery.k8s.io/v1 EndpointSlice' },
];

export interface DeprecationVerdict {
  severity: 'error' | 'warning';
  message: string;
  /** True when the API is not served at all at the target version (no schema applies). */
  removed: boolean;
}

/** What to say about `apiVersion`/`kind` on a cluster of `kubeVersion`; null when it is current. */
export function deprecationOf(apiVersion: string, kind: string, kubeVersion: string): DeprecationVerdict | null {
  const entry = DEPRECATIONS.find((d) => d.apiVersion === apiVersion && d.kinds.includes(kind));
  if (!entry || compareKubeVersions(kubeVersion, entry.deprecatedIn) < 0) return null;
  const instead = entry.replacement ? `use apiVersion ${entry.replacement}` : 'there is no replacement API';
  const note = entry.note ? ` (${entry.note})` : '';
  if (entry.removedIn && compareKubeVersions(kubeVersion, entry.removedIn) >= 0) {
    return {
      severity: 'error',
      removed: true,
      message: `${apiVersion} ${kind} was removed in Kubernetes ${entry.removedIn} (validating for ${kubeVersion}): ${instead}${note}`,
    };
  }
  const when = entry.removedIn ? `; it stops being served in ${entry.removedIn}` : '';
  return {
    severity: 'warning',
    removed: false,
    message: `${apiVersion} ${kind} is deprecated since Kubernetes ${entry.deprecatedIn}${when}: ${instead}${note}`,
  };
}

/** API versions newer than some clusters still run: the release that first served each (GA unless noted). */
export const INTRODUCTIONS: ReadonlyArray<{ apiVersion: string; kinds: readonly string[]; since: string; before: string }> = [
  { apiVersion: 'apps/v1', kinds: WORKLOADS, since: '1.9', before: 'apps/v1beta2' },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'], since: '1.19', before: 'networking.k8s.io/v1beta1' },
  { apiVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], since: '1.21', before: 'policy/v1beta1' },
  { apiVersion: 'batch/v1', kinds: ['CronJob'], since: '1.21', before: 'batch/v1beta1' },
  { apiVersion: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'], since: '1.21', before: 'discovery.k8s.io/v1beta1' },
  { apiVersion: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'], since: '1.23', before: 'autoscaling/v2beta2' },
  { apiVersion: 'node.k8s.io/v1', kinds: ['RuntimeClass'], since: '1.20', before: 'node.k8s.io/v1beta1' },
  { apiVersion: 'events.k8s.io/v1', kinds: ['Event'], since: '1.19', before: 'events.k8s.io/v1beta1' },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'], since: '1.24', before: 'storage.k8s.io/v1beta1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], since: '1.29', before: 'flowcontrol.apiserver.k8s.io/v1beta3' },
];

/** An error when the target cluster is older than the API version the manifest uses; null otherwise. */
export function unavailableOf(apiVersion: string, kind: string, kubeVersion: string): string | null {
  const entry = INTRODUCTIONS.find((d) => d.apiVersion === apiVersion && d.kinds.includes(kind));
  if (!entry || compareKubeVersions(kubeVersion, entry.since) >= 0) return null;
  return `${apiVersion} ${kind} is served from Kubernetes ${entry.since}, but the target is ${kubeVersion}: upgrade the cluster (or --kube-version) or use ${entry.before}`;
}
