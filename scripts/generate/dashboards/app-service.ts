// Metrics app dashboard: the app-service's prom-client series (HTTP counters, duration histogram, process).
import { appServiceMetrics, type Environment } from '../../environments.ts';
import { renderDashboard, series, stat } from './panels.ts';

export function renderAppServiceDashboard(env: Environment): string {
  const { requests, duration } = appServiceMetrics;
  const sel = '{job="app-service"}';
  return renderDashboard(env, 'platform-app-service', `app-service (${env.name})`, [
    stat('Up', `max(up${sel})`),
    stat('Requests/s', `sum(rate(${requests}${sel}[$__rate_interval]))`, 'reqps'),
    stat('5xx ratio', `sum(rate(${requests}{job="app-service",status=~"5.."}[$__rate_interval])) / sum(rate(${requests}${sel}[$__rate_interval]))`, 'percentunit'),
    stat('Resident memory', `max(process_resident_memory_bytes${sel})`, 'bytes'),
    series('Requests by route and status', [
      { expr: `sum by (route, status) (rate(${requests}${sel}[$__rate_interval]))`, legend: '{{route}} {{status}}' },
    ], 'reqps'),
    series('Request duration p50 / p95 / p99', [
      { expr: `histogram_quantile(0.5, sum by (le) (rate(${duration}_bucket${sel}[$__rate_interval])))`, legend: 'p50' },
      { expr: `histogram_quantile(0.95, sum by (le) (rate(${duration}_bucket${sel}[$__rate_interval])))`, legend: 'p95' },
      { expr: `histogram_quantile(0.99, sum by (le) (rate(${duration}_bucket${sel}[$__rate_interval])))`, legend: 'p99' },
    ], 's'),
    series('CPU', [{ expr: `rate(process_cpu_seconds_total${sel}[$__rate_interval])`, legend: '{{instance}}' }], 'percentunit'),
    series('Event loop lag', [{ expr: `nodejs_eventloop_lag_seconds${sel}`, legend: '{{instance}}' }], 's'),
  ]);
}
