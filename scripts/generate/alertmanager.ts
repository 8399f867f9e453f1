// config/<env>/alertmanager.yml: where the platform's alerts go. Routes by severity to the environment's
// receivers; a critical alert silences the warnings of the same instance (a broker that is down also makes
// partitions under-replicated: one page, not two). Receiver URLs are secrets and stay out of git: the file
// names only paths in the mounted Secret `alertmanager-receivers`, read through Alertmanager's *_file settings.
import { alertmanagerSecret, type AlertReceiver, type Environment } from '../environments.ts';
import { yamlFile } from './header.ts';

export const ALERTMANAGER_FILE = 'alertmanager.yml';

/** Labels that group notifications: one notification per alert kind and place, not one per series. */
export const GROUP_BY = ['alertname', 'environment', 'job', 'instance'] as const;

/** A critical alert inhibits the warnings that share these labels. */
export const INHIBIT_EQUAL = ['environment', 'instance'] as const;

const secretPath = (key: string): string => `${alertmanagerSecret.mountPath}/${key}`;

function receiverConfig(r: AlertReceiver): object {
  if (r.kind === 'pagerduty') {
    return {
      name: r.name,
      pagerduty_configs: [
        {
          routing_key_file: secretPath(r.secretKey),
          send_resolved: true,
          description: '{{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }}): {{ .CommonAnnotations.summary }}',
          links: [{ href: '{{ .CommonAnnotations.runbook_url }}', text: 'runbook' }],
        },
      ],
    };
  }
  return {
    name: r.name,
    slack_configs: [
      {
        api_url_file: secretPath(r.secretKey),
        channel: r.channel,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.environment }})',
        text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.runbook_url }}\n{{ end }}',
      },
    ],
  };
}

/** Every distinct receiver of the environment (dev sends both severities to one). */
export function receivers(env: Environment): AlertReceiver[] {
  const { critical, warning } = env.alertmanager.receivers;
  return critical.name === warning.name ? [critical] : [critical, warning];
}

export function renderAlertmanagerConfig(env: Environment): string {
  const am = env.alertmanager;
  return yamlFile({
    route: {
      receiver: am.receivers.warning.name,
      group_by: [...GROUP_BY],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: am.repeatInterval.warning,
      routes: [
        {
          matchers: ['severity="critical"'],
          receiver: am.receivers.critical.name,
          // A page should leave quickly; warnings wait to be grouped.
          group_wait: '10s',
          repeat_interval: am.repeatInterval.critical,
        },
        { matchers: ['severity="warning"'], receiver: am.receivers.warning.name, repeat_interval: am.repeatInterval.warning },
      ],
    },
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: [...INHIBIT_EQUAL] },
    ],
    receivers: receivers(env).map(receiverConfig),
  });
}
