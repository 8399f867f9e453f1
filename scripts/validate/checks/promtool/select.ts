// Tells Prometheus and Alertmanager files apart from every other YAML file, positively: by what the
// file holds, not by one key. `global:` alone says nothing (Alertmanager configs and Helm values files
// have one too), so a Prometheus server config is recognised by a section only Prometheus has, in the
// shape Prometheus gives it, or by its file name with a Prometheus-shaped `global`.
import { basename } from 'node:path';
import { yaml } from '../../lazy.ts';
import type { SourceFile } from '../../types.ts';

export type PrometheusFileKind = 'config' | 'rules' | 'rule-tests' | 'alertmanager';

/**
 * Cheap pre-filter, so that most YAML files in the repository are never parsed twice. A key at the
 * start of a line, written out as an alternation with the line breaks rather than with the /m flag's
 * `^`, which V8 runs about twice as fast.
 */
const MAY_BE_PROMETHEUS = /(?:^|[\n\r\u2028\u2029])(?:global|scrape_configs|scrape_config_files|groups|rule_files|tests|alerting|remote_write|remote_read|route|receivers)\s*:/;

type Map = Record<string, unknown>;
const isMap = (v: unknown): v is Map => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.length > 0 && v.every(item);

/** Keys of Prometheus's `global` section (prometheus/config, GlobalConfig). */
const PROMETHEUS_GLOBAL = new Set([
  'scrape_interval', 'scrape_timeout', 'scrape_protocols', 'evaluation_interval', 'rule_query_offset', 'external_labels',
  'query_log_file', 'scrape_failure_log_file', 'body_size_limit', 'sample_limit', 'target_limit', 'label_limit',
  'label_name_length_limit', 'label_value_length_limit', 'keep_dropped_targets', 'metric_name_validation_scheme',
  'metric_name_escaping_scheme', 'always_scrape_classic_histograms', 'convert_classic_histograms_to_nhcb',
]);

/** A section only a Prometheus server config has, in Prometheus's shape. */
function hasPrometheusSection(top: Map): boolean {
  return (
    listOf(top.scrape_configs, (s) => isMap(s) && typeof s.job_name === 'string') ||
    listOf(top.scrape_config_files, (s) => typeof s === 'string') ||
    listOf(top.rule_files, (s) => typeof s === 'string') ||
    (isMap(top.alerting) && (Array.isArray(top.alerting.alertmanagers) || Array.isArray(top.alerting.alert_relabel_configs))) ||
    listOf(top.remote_write, (s) => isMap(s) && typeof s.url === 'string') ||
    listOf(top.remote_read, (s) => isMap(s) && typeof s.url === 'string')
  );
}

/** An Alertmanager config: the two sections Alertmanager requires, a routing tree and its receivers. */
export function isAlertmanagerConfig(top: Map): boolean {
  return isMap(top.route) && Array.isArray(top.receivers) && top.receivers.every((r) => isMap(r) && 'name' in r);
}

function isPrometheusConfig(path: string, top: Map): boolean {
  if (isAlertmanagerConfig(top)) return false;
  if (hasPrometheusSection(top)) return true;
  // A config with no scrape jobs yet, named as Prometheus names it, with a `global` only Prometheus would have.
  const named = /^prometheus\.ya?ml$/.test(basename(path));
  return named && isMap(top.global) && Object.keys(top.global).some((k) => PROMETHEUS_GLOBAL.has(k));
}

export function prometheusKind(file: SourceFile): PrometheusFileKind | null {
  if (file.kind !== 'yaml' || !MAY_BE_PROMETHEUS.test(file.text)) return null;
  let data: unknown;
  try {
    data = yaml().parse(file.text);
  } catch {
    return null; // the YAML parse step reports it
  }
  if (!isMap(data)) return null;
  if ('apiVersion' in data || 'kind' in data) return null; // a Kubernetes object (e.g. PrometheusRule)
  if ('tests' in data && 'rule_files' in data) return 'rule-tests';
  if (isAlertmanagerConfig(data)) return 'alertmanager';
  if (isPrometheusConfig(file.path, data)) return 'config';
  if (Array.isArray(data.groups) && data.groups.some((g) => isMap(g) && 'rules' in g)) return 'rules';
  return null;
}
