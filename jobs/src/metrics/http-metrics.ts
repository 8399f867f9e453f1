// What the app-service exposes to Prometheus: Node's default process metrics and RED metrics
// of the HTTP requests it serves (the dashboards and alert rules query these names).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { API_ROUTES, ERROR_STATUS, successStatus, type ApiRoute } from './routes.ts';

export interface HttpMetrics {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

export function createHttpMetrics(routes: readonly ApiRoute[] = API_ROUTES): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to serve an HTTP request, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Every answer an API route can give is exported from the start, at zero: a series that appears
  // only with its first error leaves the dashboards' and alerts' error ratios empty ("No data")
  // instead of 0 until something fails.
  for (const route of routes) {
    for (const status of [successStatus(route), ERROR_STATUS]) {
      const labels = { method: route.method, route: route.route, status: String(status) };
      requests.inc(labels, 0);
      duration.zero(labels);
    }
  }
  return {
    registry,
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
