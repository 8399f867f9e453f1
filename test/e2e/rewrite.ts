// Copies of the generated prod configs, pointed at the loopback processes of the end-to-end test and sped up:
// the committed files stay as they are; only these copies change.
import { parse, stringify } from 'yaml';
import { alertmanagerSecret } from '../../scripts/environments.ts';

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: { targets: string[] }[];
  dns_sd_configs?: unknown[];
}

interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string; external_labels?: Record<string, string> };
  alerting?: { alertmanagers: unknown[] };
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

export interface PrometheusRewrite {
  /** Job name → loopback targets; jobs not named here are dropped. */
  targets: Record<string, string[]>;
  alertmanager: string;
  interval: string;
}

/** The config with every kept job's discovery replaced by its loopback targets; also the jobs it dropped. */
export function rewritePrometheusConfig(text: string, r: PrometheusRewrite): { config: string; dropped: string[] } {
  const config = parse(text) as PrometheusConfig;
  const dropped = config.scrape_configs.filter((j) => !r.targets[j.job_name]).map((j) => j.job_name);
  config.global.scrape_interval = r.interval;
  config.global.evaluation_interval = r.interval;
  config.alerting = { alertmanagers: [{ static_configs: [{ targets: [r.alertmanager] }] }] };
  config.scrape_configs = config.scrape_configs
    .filter((j) => r.targets[j.job_name])
    .map(({ dns_sd_configs: _dns, static_configs: _static, ...job }) => ({ ...job, static_configs: [{ targets: r.targets[job.job_name]! }] }));
  return { config: stringify(config), dropped };
}

interface RuleFile {
  groups: { name: string; rules: { alert: string; for?: string }[] }[];
}

/** The rule file with every rule's `for` set to `forDuration`; also each alert's original `for`. */
export function rewriteRules(text: string, forDuration: string): { rules: string; original: Record<string, string> } {
  const file = parse(text) as RuleFile;
  const original: Record<string, string> = {};
  for (const rule of file.groups.flatMap((g) => g.rules)) {
    original[rule.alert] = rule.for ?? '0s';
    rule.for = forDuration;
  }
  return { rules: stringify(file), original };
}

interface AmConfig {
  route: { group_wait?: string; group_interval?: string; routes?: { group_wait?: string }[] };
  receivers: { name: string; pagerduty_configs?: Record<string, unknown>[]; slack_configs?: Record<string, unknown>[] }[];
}

/**
 * The Alertmanager config reading its secrets from `secretsDir` instead of the Secret's mount path, notifying
 * loopback receivers instead of PagerDuty and Slack, and grouping for `groupWait` only.
 */
export function rewriteAlertmanagerConfig(text: string, secretsDir: string, pagerUrl: string, groupWait: string): string {
  const config = parse(text.replaceAll(`${alertmanagerSecret.mountPath}/`, `${secretsDir}/`)) as AmConfig;
  config.route.group_wait = groupWait;
  config.route.group_interval = groupWait;
  for (const route of config.route.routes ?? []) route.group_wait = groupWait;
  for (const receiver of config.receivers) for (const pd of receiver.pagerduty_configs ?? []) pd.url = pagerUrl;
  return stringify(config);
}

/** Seconds of a Prometheus duration like 30s, 2m, 1h. */
export function seconds(duration: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!m) throw new Error(`unsupported duration ${duration}`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
}
